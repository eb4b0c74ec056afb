import type { CallDirection } from '../events/index.js';
import type { Budget, SubjectId, Threshold } from './budget-types.js';

/** Which stored calls count against budgets (config: budgets.countedDirections / countedDestinationTypes). */
export interface CountingRules {
  directions: ReadonlySet<CallDirection>;
  /** Null: every destination type. */
  destinationTypes: ReadonlySet<string> | null;
}

/** The fields of a stored call that decide whether and where it counts. */
export interface CountableCall {
  direction: CallDirection;
  ownerUserId: number | null;
  departmentId: number | null;
  costCentreId: number | null;
  destinationType: string | null;
  costMinor: number | null;
  currency: string | null;
}

type BudgetScopeView = Pick<Budget, 'scope' | 'scopeId' | 'sharing' | 'currency'> & { excluded: ReadonlySet<number> };

/**
 * The part of a budget a call counts against: 0 for a single or pooled budget,
 * the owner's user id for a per-member one; null when it does not count.
 * A group budget follows the department or cost centre the call was made from
 * (copied onto the call at ingest), not where the user is today.
 */
export function subjectOf(budget: BudgetScopeView, call: CountableCall, rules: CountingRules): SubjectId | null {
  if (call.costMinor === null || call.currency !== budget.currency) return null;
  if (!rules.directions.has(call.direction)) return null;
  if (rules.destinationTypes && (call.destinationType === null || !rules.destinationTypes.has(call.destinationType)))
    return null;
  if (budget.scope === 'user') return call.ownerUserId === budget.scopeId ? 0 : null;
  const groupId = budget.scope === 'department' ? call.departmentId : call.costCentreId;
  if (groupId !== budget.scopeId) return null;
  if (call.ownerUserId !== null && budget.excluded.has(call.ownerUserId)) return null;
  if (budget.sharing === 'per-member') return call.ownerUserId;
  return 0;
}

/** What a subject may spend in a period: never negative. */
export function allowanceOf(p: { baseMinor: number; carriedInMinor: number; creditMinor: number }): number {
  return Math.max(0, p.baseMinor + p.carriedInMinor + p.creditMinor);
}

/** Spent at or beyond the allowance (an allowance of 0 is spent from the start). */
export function isSpent(spentMinor: number, allowanceMinor: number): boolean {
  return spentMinor >= allowanceMinor;
}

/** The thresholds reached and not yet fired this period, lowest first. Exact integer arithmetic. */
export function thresholdsToFire(
  spentMinor: number,
  allowanceMinor: number,
  thresholds: readonly Threshold[],
  fired: ReadonlySet<number>,
): Threshold[] {
  return [...thresholds]
    .sort((a, b) => a.percent - b.percent)
    .filter((t) => !fired.has(t.percent) && spentMinor * 100 >= t.percent * allowanceMinor);
}

/** The residual carried into the next period when rollover is on (optionally capped). */
export function carryOver(
  budget: Pick<Budget, 'rollover' | 'rolloverCapMinor'>,
  allowanceMinor: number,
  spentMinor: number,
): number {
  if (!budget.rollover) return 0;
  const residual = Math.max(0, allowanceMinor - spentMinor);
  return budget.rolloverCapMinor === null ? residual : Math.min(residual, budget.rolloverCapMinor);
}

/** Percent used, rounded down, for people (an empty allowance reads as 100%). */
export function percentUsed(spentMinor: number, allowanceMinor: number): number {
  if (allowanceMinor <= 0) return 100;
  return Math.floor((spentMinor * 100) / allowanceMinor);
}
