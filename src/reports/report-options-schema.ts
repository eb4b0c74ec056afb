import { z } from 'zod';
import { BadInputError } from '../errors/index.js';
import { callFieldNames, callFields } from './call-fields.js';
import { groupKeyNames } from './group-keys.js';
import { periodPresets } from './resolve-period.js';

export const callDirections = ['outgoing', 'incoming', 'transit', 'internal', 'unknown'] as const;
export const numericOps = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export const textOps = ['eq', 'ne', 'startsWith', 'contains'] as const;
export const trendIntervals = ['hour', 'day', 'week', 'month'] as const;
export const rankMetrics = ['cost', 'calls', 'duration'] as const;

const names = z.array(z.string().trim().min(1).max(129)).max(1000);

const comparisonSchema = z.object({ op: z.enum(numericOps), value: z.number().int() }).strict();

function coerceConditionValue(type: string, value: string | number): string | number {
  if (type === 'text') return String(value);
  if (typeof value !== 'string') return value;
  if (type === 'boolean' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true' ? 1 : 0;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

/** One extra restriction; `join` says how it combines with the one before it (AND binds tighter than OR). */
const conditionSchema = z
  .object({
    join: z.enum(['and', 'or']).default('and'),
    field: z.enum(callFieldNames),
    op: z.enum([...numericOps, 'startsWith', 'contains']),
    value: z.union([z.string().max(129), z.number()]),
  })
  .strict()
  // Edges that carry only text (SOAP, the CLI) send numbers and booleans as strings.
  .transform((c) => ({ ...c, value: coerceConditionValue(callFields[c.field].type, c.value) }))
  .superRefine((c, ctx) => {
    const type = callFields[c.field].type;
    const textual = type === 'text';
    if (textual && typeof c.value !== 'string')
      ctx.addIssue({ code: 'custom', message: `${c.field} compares with text` });
    if (!textual && typeof c.value !== 'number')
      ctx.addIssue({ code: 'custom', message: `${c.field} compares with a number` });
    if (textual && !(textOps as readonly string[]).includes(c.op)) {
      ctx.addIssue({ code: 'custom', message: `${c.field} allows ${textOps.join(', ')} (not ${c.op})` });
    }
    if (!textual && (c.op === 'startsWith' || c.op === 'contains'))
      ctx.addIssue({ code: 'custom', message: `${c.field} allows ${numericOps.join(', ')}` });
  });

/**
 * Everything a report is: which calls (the filter), what to show (fields and
 * sort for a call list, a grouping for a summary, an interval for a trend).
 * This is what saved reports store and what the CLI, SOAP and web build.
 */
export const reportOptionsSchema = z
  .object({
    kind: z.enum(['calls', 'summary', 'trend']).default('calls'),
    title: z.string().trim().max(200).optional(),
    timeZone: z.string().min(1).optional(),
    period: z
      .object({ preset: z.enum(periodPresets).optional(), from: z.string().optional(), to: z.string().optional() })
      .strict()
      .optional(),
    traffic: z.enum(['all', 'external', 'internal']).default('all'),
    directions: z.array(z.enum(callDirections)).min(1).optional(),
    answered: z.boolean().optional(),
    extensions: names.optional(),
    users: names.optional(),
    departments: names.optional(),
    costCentres: names.optional(),
    gateways: names.optional(),
    carriers: names.optional(),
    destinationTypes: names.optional(),
    /**
     * true: only calls to another country than the line's site's ("international
     * numbers"); false: only calls within it. Calls without a rated nation match neither.
     */
    international: z.boolean().optional(),
    nations: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z]{2}$/, 'a nation is a 2-letter ISO code')
          .transform((s) => s.toUpperCase()),
      )
      .optional(),
    /** The remote party's number (who called us, or whom we called). */
    number: z
      .object({ match: z.enum(['equals', 'startsWith']).default('equals'), value: z.string().trim().min(1).max(64) })
      .strict()
      .optional(),
    /** Connected seconds. */
    duration: z.array(comparisonSchema).optional(),
    /** Minor units of the call's currency. */
    cost: z.array(comparisonSchema).optional(),
    conditions: z.array(conditionSchema).max(50).optional(),
    fields: z.array(z.enum(callFieldNames)).min(1).optional(),
    sort: z
      .array(z.object({ field: z.enum(callFieldNames), descending: z.boolean().default(false) }).strict())
      .max(5)
      .optional(),
    maxRows: z.number().int().min(1).optional(),
    /** A call list ends with totals per currency: the number of calls, their duration and cost. */
    totals: z.boolean().optional(),
    groupBy: z.enum(groupKeyNames).optional(),
    interval: z.enum(trendIntervals).optional(),
    top: z.number().int().min(1).max(100_000).optional(),
    rankBy: z.enum(rankMetrics).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.kind === 'summary' && !o.groupBy)
      ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'a summary needs groupBy' });
    if (o.kind === 'trend' && !o.interval)
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: 'a trend needs interval (hour, day, week or month)',
      });
  });

export type ReportOptions = z.output<typeof reportOptionsSchema>;
export type ReportOptionsInput = z.input<typeof reportOptionsSchema>;
export type ReportCondition = NonNullable<ReportOptions['conditions']>[number];
export type NumericComparison = z.output<typeof comparisonSchema>;
export type TrendInterval = (typeof trendIntervals)[number];
export type RankMetric = (typeof rankMetrics)[number];

/** Where a page of a call list starts or ends: a row's sort keys and id (a cursor). */
export interface CallCursor {
  keys: unknown[];
  id: number;
}

/**
 * Which page of a call list; pages count from 1. With `after` (the rows after the previous page's last
 * row) or `before` (the rows before the next page's first row) the page is found by its keys in the
 * index, whatever its number; `page` then only counts against the maximum number of calls.
 */
export interface PageRequest {
  page: number;
  pageSize: number;
  after?: CallCursor;
  before?: CallCursor;
}

/** Validates report options from any edge; every problem is named with its path in one BadInputError. */
export function parseReportOptions(input: unknown): ReportOptions {
  const result = reportOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  throw new BadInputError(`invalid report options: ${problems.join('; ')}`, { problems });
}
