import { z } from 'zod';
import { BadInputError } from '../errors/index.js';
import { parseReportOptions, type ReportOptions, type ReportOptionsInput } from '../reports/index.js';
import { soapFieldToDomain, soapGroupKeys } from './soap-call-fields.js';

/** Drops the soap package's `attributes` entries (xsi:nil, xsi:type) so the schemas below see only elements. */
function withoutAttributes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAttributes);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'attributes' && k !== '$attributes')
        .map(([k, v]) => [k, withoutAttributes(v)]),
    );
  }
  return value;
}

/** A repeated element arrives as one value when it occurs once. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(item)).optional();
const text = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim());
const int = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int());
const bool = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean(),
);
const instant = z.preprocess(
  (v) => (typeof v === 'string' ? new Date(v) : v),
  z.date().refine((d) => !Number.isNaN(d.getTime()), 'not a date-time'),
);

const comparison = z.object({ Operator: z.string(), Value: int }).strict();
const field = text.transform((name, ctx) => {
  const domain = soapFieldToDomain.get(name);
  if (!domain) ctx.addIssue({ code: 'custom', message: `unknown call field "${name}"` });
  return domain!;
});

export const callFilterSchema = z
  .object({
    Period: text.optional(),
    From: text.optional(),
    To: text.optional(),
    TimeZone: text.optional(),
    Traffic: text.optional(),
    Direction: list(text),
    Answered: bool.optional(),
    Extension: list(text),
    User: list(text),
    Department: list(text),
    CostCentre: list(text),
    Gateway: list(text),
    Carrier: list(text),
    DestinationType: list(text),
    Nation: list(text),
    International: bool.optional(),
    Number: text.optional(),
    NumberMatch: text.optional(),
    Duration: list(comparison),
    CostMinor: list(comparison),
    Condition: list(z.object({ Join: text.optional(), Field: field, Operator: text, Value: text }).strict()),
    MaxRows: int.optional(),
  })
  .strict();

type CallFilter = z.output<typeof callFilterSchema>;

/** The wire filter as report options (validated by the report engine's own schema). */
export function filterToOptions(filter: CallFilter | undefined, extra: ReportOptionsInput = {}): ReportOptions {
  const f = filter ?? {};
  const cmp = (list: Array<{ Operator: string; Value: number }> | undefined) =>
    list?.map((c) => ({ op: c.Operator, value: c.Value }));
  return parseReportOptions({
    timeZone: f.TimeZone || undefined,
    period: f.Period
      ? { preset: f.Period }
      : f.From || f.To
        ? { from: f.From || undefined, to: f.To || undefined }
        : undefined,
    traffic: f.Traffic,
    directions: f.Direction,
    answered: f.Answered,
    extensions: f.Extension,
    users: f.User,
    departments: f.Department,
    costCentres: f.CostCentre,
    gateways: f.Gateway,
    carriers: f.Carrier,
    destinationTypes: f.DestinationType,
    nations: f.Nation,
    international: f.International,
    number: f.Number ? { match: f.NumberMatch ?? 'equals', value: f.Number } : undefined,
    duration: cmp(f.Duration),
    cost: cmp(f.CostMinor),
    conditions: f.Condition?.map((c) => ({ join: c.Join ?? 'and', field: c.Field, op: c.Operator, value: c.Value })),
    maxRows: f.MaxRows,
    ...extra,
  } as ReportOptionsInput);
}

const groupBy = text.transform((name, ctx) => {
  const found = soapGroupKeys.find(([k]) => k === name);
  if (!found)
    ctx.addIssue({ code: 'custom', message: `GroupBy must be one of ${soapGroupKeys.map(([k]) => k).join(', ')}` });
  return found?.[1] ?? 'department';
});

const line = { Extension: text.pipe(z.string().min(1, 'Extension is required')), Partition: text.optional() };

/** Each operation's arguments as the soap package hands them over (all optional parts may be absent). */
export const operationArgs = {
  GetCalls: z
    .object({
      Filter: callFilterSchema.optional(),
      Field: list(field),
      Sort: list(z.object({ Field: field, Descending: bool.optional() }).strict()),
      Page: int.optional(),
      PageSize: int.optional(),
      After: text.optional(),
    })
    .strict(),
  GetCostSummary: z
    .object({ Filter: callFilterSchema.optional(), GroupBy: groupBy, Top: int.optional(), RankBy: text.optional() })
    .strict(),
  GetCallTrend: z.object({ Filter: callFilterSchema.optional(), Interval: text }).strict(),
  GetBudgetStatus: z.object({ Budget: text.optional() }).strict(),
  GetBudgetHistory: z
    .object({
      Budget: text.pipe(z.string().min(1, 'Budget is required')),
      From: instant.optional(),
      To: instant.optional(),
      Limit: int.optional(),
    })
    .strict(),
  GetLockStatus: z.object({ Extension: text.optional(), Partition: text.optional() }).strict(),
  GetLockHistory: z.object({ ...line, Limit: int.optional() }).strict(),
  SetAdminLock: z.object({ ...line, Reason: text.optional() }).strict(),
  ClearAdminLock: z.object({ ...line, Reason: text.optional() }).strict(),
  ResetPin: z.object({ ...line, Pin: text.optional(), Random: bool.optional() }).strict(),
  GetCdrIngestStatus: z.object({ Files: int.optional() }).strict(),
  GetCurriDecisions: z
    .object({ Period: text.optional(), From: text.optional(), To: text.optional(), TimeZone: text.optional() })
    .strict(),
};

export type OperationName = keyof typeof operationArgs;
export type OperationArgs<N extends OperationName> = z.output<(typeof operationArgs)[N]>;

/** Validates an operation's arguments; every problem named by its element path in one BadInputError. */
export function parseOperationArgs<N extends OperationName>(name: N, raw: unknown): OperationArgs<N> {
  const result = operationArgs[name].safeParse(withoutAttributes(raw ?? {}));
  if (result.success) return result.data as OperationArgs<N>;
  const problems = result.error.issues.map((i) => {
    const path = i.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    const message =
      i.code === 'unrecognized_keys'
        ? `unknown element${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`
        : i.message;
    return path ? `${path}: ${message}` : message;
  });
  throw new BadInputError(problems.join('; '));
}
