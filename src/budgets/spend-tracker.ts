import type { StoredCallSummary } from '../events/index.js';
import type { BudgetPeriod } from './budget-period.js';
import { allowanceOf, subjectOf, type CountingRules } from './budget-rules.js';
import type { Budget, SubjectId } from './budget-types.js';

/** One subject's running total in its current period. */
export interface SubjectSpend {
  budgetId: number;
  subject: SubjectId;
  periodId: number;
  period: BudgetPeriod;
  baseMinor: number;
  carriedInMinor: number;
  creditMinor: number;
  /** Sum of the stored calls with id ≤ watermark, read from the database. */
  dbSpentMinor: number;
  watermark: number;
  /** Calls announced since, with id > watermark: id → cost. */
  recent: Map<number, number>;
  /** Sum of `recent`, kept as it changes. */
  recentMinor: number;
  /** Percents that fired this period (or are being fired). */
  fired: Set<number>;
  /** As last published on 'budget.state-changed'. */
  exhausted: boolean;
}

export function spentOf(s: SubjectSpend): number {
  return s.dbSpentMinor + s.recentMinor;
}

export function allowanceOfSubject(s: SubjectSpend): number {
  return allowanceOf(s);
}

export interface ApplyResult {
  /** Subjects whose spend changed. */
  touched: SubjectSpend[];
  /** Calls from a period already closed: that period (and what it carried forward) must be recomputed. */
  late: Array<{ budgetId: number; subject: SubjectId; startedAt: Date }>;
  /** Calls for a member with no state yet (a new member of a per-member budget). */
  unknown: Array<{ budgetId: number; subject: SubjectId }>;
}

interface Tracked {
  budget: Budget;
  view: Parameters<typeof subjectOf>[0];
  subjects: Map<SubjectId, SubjectSpend>;
}

/**
 * In-memory spend per budget, subject and current period, updated from the
 * calls each stored batch announces, with no database read. Pure: the engine
 * does the I/O around it.
 */
export function createSpendTracker(rules: CountingRules) {
  const budgets = new Map<number, Tracked>();
  const byUser = new Map<number, Set<number>>();
  const byDepartment = new Map<number, Set<number>>();
  const byCostCentre = new Map<number, Set<number>>();
  const indexFor = (b: Budget) => (b.scope === 'user' ? byUser : b.scope === 'department' ? byDepartment : byCostCentre);

  function candidates(call: StoredCallSummary): Tracked[] {
    const ids = new Set<number>();
    for (const [index, key] of [
      [byUser, call.ownerUserId],
      [byDepartment, call.departmentId],
      [byCostCentre, call.costCentreId],
    ] as const) {
      if (key !== null) for (const id of index.get(key) ?? []) ids.add(id);
    }
    return [...ids].map((id) => budgets.get(id)).filter((t): t is Tracked => t !== undefined);
  }

  return {
    setBudget(budget: Budget): void {
      const existing = budgets.get(budget.id);
      if (existing) indexFor(existing.budget).get(existing.budget.scopeId)?.delete(budget.id);
      budgets.set(budget.id, { budget, view: { ...budget, excluded: new Set(budget.excludedUserIds) }, subjects: existing?.subjects ?? new Map() });
      const index = indexFor(budget);
      index.set(budget.scopeId, (index.get(budget.scopeId) ?? new Set()).add(budget.id));
    },
    removeBudget(budgetId: number): void {
      const existing = budgets.get(budgetId);
      if (!existing) return;
      indexFor(existing.budget).get(existing.budget.scopeId)?.delete(budgetId);
      budgets.delete(budgetId);
    },
    budget: (budgetId: number): Budget | undefined => budgets.get(budgetId)?.budget,
    budgets: (): Budget[] => [...budgets.values()].map((t) => t.budget),
    subjects: (budgetId: number): SubjectSpend[] => [...(budgets.get(budgetId)?.subjects.values() ?? [])],
    subject: (budgetId: number, subject: SubjectId): SubjectSpend | undefined => budgets.get(budgetId)?.subjects.get(subject),
    setSubject(state: SubjectSpend): void {
      budgets.get(state.budgetId)?.subjects.set(state.subject, state);
    },
    dropSubject(budgetId: number, subject: SubjectId): void {
      budgets.get(budgetId)?.subjects.delete(subject);
    },
    /** Replaces the database part of a total: calls up to `watermark` are in `dbSpentMinor`. */
    reconciled(state: SubjectSpend, dbSpentMinor: number, watermark: number): void {
      state.dbSpentMinor = dbSpentMinor;
      state.watermark = Math.max(state.watermark, watermark);
      for (const [id, cost] of state.recent) {
        if (id > state.watermark) continue;
        state.recent.delete(id);
        state.recentMinor -= cost;
      }
    },
    apply(calls: readonly StoredCallSummary[]): ApplyResult {
      const touched = new Set<SubjectSpend>();
      const late: ApplyResult['late'] = [];
      const unknown: ApplyResult['unknown'] = [];
      for (const call of calls) {
        if (call.costMinor === null || call.costMinor === 0) continue;
        for (const tracked of candidates(call)) {
          const subject = subjectOf(tracked.view, call, rules);
          if (subject === null) continue;
          const state = tracked.subjects.get(subject);
          if (!state) {
            unknown.push({ budgetId: tracked.budget.id, subject });
            continue;
          }
          const at = call.startedAt.getTime();
          if (at < state.period.start.getTime()) late.push({ budgetId: tracked.budget.id, subject, startedAt: call.startedAt });
          // A call after the period's end belongs to the next one: renewal sums it from the store.
          else if (at < state.period.end.getTime() && call.id > state.watermark && !state.recent.has(call.id)) {
            state.recent.set(call.id, call.costMinor);
            state.recentMinor += call.costMinor;
            touched.add(state);
          }
        }
      }
      return { touched: [...touched], late, unknown };
    },
  };
}

export type SpendTracker = ReturnType<typeof createSpendTracker>;
