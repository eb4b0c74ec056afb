import { z } from 'zod';
import { BadInputError } from '../errors/index.js';
import { periodKinds } from './budget-period.js';
import type { Threshold } from './budget-types.js';
import { isCurrency } from '../../tariffs/index.js';

const ref = z.union([z.string().trim().min(1), z.number().int().positive()]);
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const thresholdSchema = z
  .object({
    percent: z.number().int().min(1).max(1000),
    notifyUser: z.boolean().default(false),
    notifyManager: z.boolean().default(false),
    notifyAdmins: z.boolean().default(false),
    notifyExtra: z.array(z.email()).default([]),
    lockLines: z.boolean().default(false),
  })
  .strict();

const thresholdList = z
  .array(thresholdSchema)
  .max(20)
  .refine((list) => new Set(list.map((t) => t.percent)).size === list.length, 'each threshold percent may appear once')
  .transform((list) => [...list].sort((a, b) => a.percent - b.percent));

/** Warn the user at 80%; at 100% tell the user and their manager. CURRI refuses chargeable calls once spent. */
export const defaultThresholds: Threshold[] = [
  { percent: 80, notifyUser: true, notifyManager: false, notifyAdmins: false, notifyExtra: [], lockLines: false },
  { percent: 100, notifyUser: true, notifyManager: true, notifyAdmins: false, notifyExtra: [], lockLines: false },
];

/** A new budget as the CLI, SOAP and web hand it to the budget service. */
export const budgetDraftSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    scope: z.enum(['user', 'department', 'cost-centre']),
    /** Username, department name or cost centre code; or the directory id. */
    target: ref,
    sharing: z.enum(['single', 'pool', 'per-member']).optional(),
    period: z.enum(periodKinds as [string, ...string[]]).transform((p) => p as (typeof periodKinds)[number]),
    amountMinor: minor,
    currency: z.string().refine(isCurrency, 'an ISO 4217 currency code such as EUR'),
    rollover: z.boolean().default(false),
    rolloverCapMinor: minor.nullable().default(null),
    denyWhenSpent: z.boolean().default(true),
    thresholds: thresholdList.default(defaultThresholds),
    exclude: z.array(ref).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.scope === 'user' && d.sharing !== undefined && d.sharing !== 'single')
      ctx.addIssue({ code: 'custom', path: ['sharing'], message: 'a user budget is single' });
    if (d.scope !== 'user' && d.sharing === 'single')
      ctx.addIssue({ code: 'custom', path: ['sharing'], message: 'a group budget is pool or per-member' });
    if (d.scope === 'user' && d.exclude.length > 0)
      ctx.addIssue({ code: 'custom', path: ['exclude'], message: 'only group budgets have exclusions' });
  });

export type BudgetDraft = z.input<typeof budgetDraftSchema>;

/** Changes `adjust` may make. Who a budget covers, its period and currency are fixed: remove and add to change them. */
export const budgetChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    amountMinor: minor.optional(),
    rollover: z.boolean().optional(),
    rolloverCapMinor: minor.nullable().optional(),
    denyWhenSpent: z.boolean().optional(),
    thresholds: thresholdList.optional(),
    exclude: z.array(ref).optional(),
    include: z.array(ref).optional(),
  })
  .strict();

export type BudgetChanges = z.input<typeof budgetChangesSchema>;

/** zod's issues as one BadInputError naming each field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new BadInputError(result.error.issues.map((i) => `${i.path.join('.') || 'budget'}: ${i.message}`).join('; '), {
    issues: result.error.issues,
  });
}

/**
 * "80:user", "100:user,manager,admins,lock", "90:boss@example.com": a threshold
 * as typed on the command line.
 */
export function parseThresholdSpec(spec: string): z.input<typeof thresholdSchema> {
  const m = /^\s*(\d{1,4})\s*%?\s*(?::(.*))?$/.exec(spec);
  if (!m)
    throw new BadInputError(
      `threshold "${spec}": expected PERCENT[:ACTION,…] such as 80:user or 100:user,manager,lock`,
    );
  const t = {
    percent: Number(m[1]),
    notifyUser: false,
    notifyManager: false,
    notifyAdmins: false,
    notifyExtra: [] as string[],
    lockLines: false,
  };
  for (const raw of (m[2] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)) {
    const action = raw.toLowerCase();
    if (action === 'user') t.notifyUser = true;
    else if (action === 'manager') t.notifyManager = true;
    else if (action === 'admins' || action === 'admin') t.notifyAdmins = true;
    else if (action === 'lock') t.lockLines = true;
    else if (raw.includes('@')) t.notifyExtra.push(raw);
    else
      throw new BadInputError(
        `threshold "${spec}": unknown action "${raw}" (user, manager, admins, lock or an e-mail address)`,
      );
  }
  return t;
}
