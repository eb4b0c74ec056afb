import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

export type BudgetScope = 'user' | 'department' | 'cost-centre';
/** single: one user's budget; pool: the group's members share one amount; per-member: each member gets the amount. */
export type BudgetSharing = 'single' | 'pool' | 'per-member';

/** A budget definition. Instants are epoch milliseconds; money is minor units. */
export interface BudgetRow {
  id: number;
  name: string;
  scope: BudgetScope;
  scopeId: number;
  sharing: BudgetSharing;
  period: 'day' | 'week' | 'month';
  amountMinor: number;
  currency: string;
  rollover: boolean;
  /** Largest residual carried into a period; null = no cap. */
  rolloverCapMinor: number | null;
  /** When spent, CURRI refuses calls to chargeable destinations (off = notices only). */
  denyWhenSpent: boolean;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  /** Bumped by every change, so another process notices edits cheaply. */
  revision: number;
  removedAt: number | null;
}

export interface BudgetExclusionRow {
  budgetId: number;
  userId: number;
}

export interface BudgetThresholdRow {
  id: number;
  budgetId: number;
  percent: number;
  notifyUser: boolean;
  notifyManager: boolean;
  notifyAdmins: boolean;
  /** Further addresses, comma-separated. */
  notifyExtra: string;
  lockLines: boolean;
}

/**
 * One subject's state in one period. The subject is 0 for a single or pooled
 * budget, the member's user id for a per-member budget. Spend is derived from
 * the calls; `spentMinor` is the last figure recorded (at thresholds and close).
 */
export interface BudgetPeriodRow {
  id: number;
  budgetId: number;
  subjectUserId: number;
  periodKey: string;
  startsAt: number;
  endsAt: number;
  baseMinor: number;
  carriedInMinor: number;
  creditMinor: number;
  spentMinor: number;
  status: 'open' | 'closed';
  exhausted: boolean;
  closedAt: number | null;
}

/** A threshold fired in a period: the row's existence is what makes it fire once. */
export interface BudgetFiringRow {
  periodId: number;
  percent: number;
  firedAt: number;
  spentMinor: number;
}

/** A manual credit (positive) or debit (negative) to one subject's period. */
export interface BudgetAdjustmentRow {
  id: number;
  budgetId: number;
  subjectUserId: number;
  periodStartsAt: number;
  amountMinor: number;
  reason: string;
  actor: string;
  at: number;
}

/** A line this budget holds a budget lock on; the lock is lifted when no budget holds the line. */
export interface BudgetLineLockRow {
  budgetId: number;
  subjectUserId: number;
  lineId: number;
  periodId: number;
  lockedAt: number;
}

export type BudgetEventKind =
  | 'created'
  | 'changed'
  | 'removed'
  | 'threshold'
  | 'email-queued'
  | 'email-sent'
  | 'email-retry'
  | 'email-failed'
  | 'lock'
  | 'unlock'
  | 'exhausted'
  | 'available'
  | 'renewal'
  | 'rollover'
  | 'adjustment'
  | 'respend';

/** The budget history: every event with its time and who or what caused it. */
export interface BudgetEventRow {
  id: number;
  budgetId: number;
  subjectUserId: number | null;
  periodKey: string | null;
  at: number;
  kind: BudgetEventKind;
  actor: string;
  amountMinor: number | null;
  detail: string;
  /** JSON with the event's particulars (recipients, lines, percent…). */
  data: string;
}

const big = (name: string) => ({ name, type: 'bigint' as const, transformer: bigintAsNumber });
const nbig = (name: string) => ({ ...big(name), nullable: true });
const bool = (name: string, dflt: boolean) => ({ name, type: 'boolean' as const, default: dflt });
const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };

export const budgetEntity = new EntitySchema<BudgetRow>({
  name: 'Budget',
  tableName: 'budgets',
  columns: {
    id,
    name: { type: 'varchar', length: 120 },
    scope: { type: 'varchar', length: 16 },
    scopeId: { name: 'scope_id', type: 'integer' },
    sharing: { type: 'varchar', length: 16 },
    period: { type: 'varchar', length: 8 },
    amountMinor: big('amount_minor'),
    currency: { type: 'varchar', length: 3 },
    rollover: bool('rollover', false),
    rolloverCapMinor: nbig('rollover_cap_minor'),
    denyWhenSpent: bool('deny_when_spent', true),
    createdAt: big('created_at'),
    createdBy: { name: 'created_by', type: 'varchar', length: 120, default: '' },
    updatedAt: big('updated_at'),
    revision: { type: 'integer', default: 1 },
    removedAt: nbig('removed_at'),
  },
});

export const budgetExclusionEntity = new EntitySchema<BudgetExclusionRow>({
  name: 'BudgetExclusion',
  tableName: 'budget_exclusions',
  columns: {
    budgetId: { name: 'budget_id', type: 'integer', primary: true },
    userId: { name: 'user_id', type: 'integer', primary: true },
  },
});

export const budgetThresholdEntity = new EntitySchema<BudgetThresholdRow>({
  name: 'BudgetThreshold',
  tableName: 'budget_thresholds',
  columns: {
    id,
    budgetId: { name: 'budget_id', type: 'integer' },
    percent: { type: 'integer' },
    notifyUser: bool('notify_user', false),
    notifyManager: bool('notify_manager', false),
    notifyAdmins: bool('notify_admins', false),
    notifyExtra: { name: 'notify_extra', type: 'varchar', length: 1000, default: '' },
    lockLines: bool('lock_lines', false),
  },
  uniques: [{ name: 'uq_budget_thresholds_percent', columns: ['budgetId', 'percent'] }],
});

export const budgetPeriodEntity = new EntitySchema<BudgetPeriodRow>({
  name: 'BudgetPeriod',
  tableName: 'budget_periods',
  columns: {
    id,
    budgetId: { name: 'budget_id', type: 'integer' },
    subjectUserId: { name: 'subject_user_id', type: 'integer', default: 0 },
    periodKey: { name: 'period_key', type: 'varchar', length: 10 },
    startsAt: big('starts_at'),
    endsAt: big('ends_at'),
    baseMinor: big('base_minor'),
    carriedInMinor: big('carried_in_minor'),
    creditMinor: big('credit_minor'),
    spentMinor: big('spent_minor'),
    status: { type: 'varchar', length: 8 },
    exhausted: bool('exhausted', false),
    closedAt: nbig('closed_at'),
  },
  uniques: [{ name: 'uq_budget_periods_subject_start', columns: ['budgetId', 'subjectUserId', 'startsAt'] }],
});

export const budgetFiringEntity = new EntitySchema<BudgetFiringRow>({
  name: 'BudgetFiring',
  tableName: 'budget_firings',
  columns: {
    periodId: { name: 'period_id', type: 'integer', primary: true },
    percent: { type: 'integer', primary: true },
    firedAt: big('fired_at'),
    spentMinor: big('spent_minor'),
  },
});

export const budgetAdjustmentEntity = new EntitySchema<BudgetAdjustmentRow>({
  name: 'BudgetAdjustment',
  tableName: 'budget_adjustments',
  columns: {
    id,
    budgetId: { name: 'budget_id', type: 'integer' },
    subjectUserId: { name: 'subject_user_id', type: 'integer', default: 0 },
    periodStartsAt: big('period_starts_at'),
    amountMinor: big('amount_minor'),
    reason: { type: 'varchar', length: 255, default: '' },
    actor: { type: 'varchar', length: 120 },
    at: big('at'),
  },
});

export const budgetLineLockEntity = new EntitySchema<BudgetLineLockRow>({
  name: 'BudgetLineLock',
  tableName: 'budget_line_locks',
  columns: {
    budgetId: { name: 'budget_id', type: 'integer', primary: true },
    subjectUserId: { name: 'subject_user_id', type: 'integer', primary: true },
    lineId: { name: 'line_id', type: 'integer', primary: true },
    periodId: { name: 'period_id', type: 'integer' },
    lockedAt: big('locked_at'),
  },
});

export const budgetEventEntity = new EntitySchema<BudgetEventRow>({
  name: 'BudgetEvent',
  tableName: 'budget_events',
  columns: {
    id,
    budgetId: { name: 'budget_id', type: 'integer' },
    subjectUserId: { name: 'subject_user_id', type: 'integer', nullable: true },
    periodKey: { name: 'period_key', type: 'varchar', length: 10, nullable: true },
    at: big('at'),
    kind: { type: 'varchar', length: 16 },
    actor: { type: 'varchar', length: 120 },
    amountMinor: nbig('amount_minor'),
    detail: { type: 'varchar', length: 500, default: '' },
    data: { type: 'text', default: '{}' },
  },
});
