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
  /** Calls announced since, with id > watermark (ids and costs side by side: cheap to append). */
  recentIds: number[];
  recentCosts: number[];
  /** Sum of `recentCosts`, kept as it changes. */
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
  const seen = new Set<number>();
  const indexFor = (b: Budget) =>
    b.scope === 'user' ? byUser : b.scope === 'department' ? byDepartment : byCostCentre;

  return {
    setBudget(budget: Budget): void {
      const existing = budgets.get(budget.id);
      if (existing) indexFor(existing.budget).get(existing.budget.scopeId)?.delete(budget.id);
      budgets.set(budget.id, {
        budget,
        view: { ...budget, excluded: new Set(budget.excludedUserIds) },
        subjects: existing?.subjects ?? new Map(),
      });
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
    subject: (budgetId: number, subject: SubjectId): SubjectSpend | undefined =>
      budgets.get(budgetId)?.subjects.get(subject),
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
      const ids: number[] = [];
      const costs: number[] = [];
      let total = 0;
      state.recentIds.forEach((id, i) => {
        if (id <= state.watermark) return;
        ids.push(id);
        costs.push(state.recentCosts[i] ?? 0);
        total += state.recentCosts[i] ?? 0;
      });
      state.recentIds = ids;
      state.recentCosts = costs;
      state.recentMinor = total;
    },
    /** Forgets announced call ids every subject has summed since (after a full reconcile). */
    forgetUpTo(watermark: number): void {
      for (const id of seen) if (id <= watermark) seen.delete(id);
    },
    apply(calls: readonly StoredCallSummary[]): ApplyResult {
      const touched = new Set<SubjectSpend>();
      const late: ApplyResult['late'] = [];
      const unknown: ApplyResult['unknown'] = [];
      const visit = (ids: Set<number> | undefined, call: StoredCallSummary, cost: number) => {
        if (!ids) return;
        for (const budgetId of ids) {
          const tracked = budgets.get(budgetId);
          const subject = tracked ? subjectOf(tracked.view, call, rules) : null;
          if (!tracked || subject === null) continue;
          const state = tracked.subjects.get(subject);
          if (!state) {
            unknown.push({ budgetId, subject });
            continue;
          }
          const at = call.startedAt.getTime();
          if (at < state.period.start.getTime()) late.push({ budgetId, subject, startedAt: call.startedAt });
          // A call after the period's end belongs to the next one: renewal sums it from the store.
          else if (at < state.period.end.getTime() && call.id > state.watermark) {
            state.recentIds.push(call.id);
            state.recentCosts.push(cost);
            state.recentMinor += cost;
            touched.add(state);
          }
        }
      };
      for (const call of calls) {
        const cost = call.costMinor;
        // A batch announced twice counts once.
        if (cost === null || cost === 0 || seen.has(call.id)) continue;
        seen.add(call.id);
        // Each budget is indexed under its own scope only, so no call reaches a budget twice.
        if (call.ownerUserId !== null) visit(byUser.get(call.ownerUserId), call, cost);
        if (call.departmentId !== null) visit(byDepartment.get(call.departmentId), call, cost);
        if (call.costCentreId !== null) visit(byCostCentre.get(call.costCentreId), call, cost);
      }
      return { touched: [...touched], late, unknown };
    },
  };
}

export type SpendTracker = ReturnType<typeof createSpendTracker>;
