import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import { allowanceOf, isSpent } from './budget-rules.js';
import type { Budget, SubjectId } from './budget-types.js';
import type { EngineDirectory } from './engine-directory.js';
import { spentOf, type SpendTracker, type SubjectSpend } from './spend-tracker.js';

/** The budgets that are spent now, with the lines CURRI must stop from calling chargeable numbers. */
export interface ExhaustedBudget {
  budgetId: number;
  lineIds: number[];
}

export interface SpentPublisher {
  /** Tells CURRI (synchronously, on the event bus) when a budget becomes spent or available, or its lines change. */
  publish(budgetId: number): void;
  /** Takes a spent state recorded in the store as already told (the warm start): no event. */
  recordSpent(budget: Budget, subjects: SubjectId[]): void;
  exhausted(): ExhaustedBudget[];
}

/** Whether a subject's budget refuses calls now. */
export const refusesCalls = (b: Budget, s: SubjectSpend) => b.denyWhenSpent && isSpent(spentOf(s), allowanceOf(s));

/** What CURRI was last told about each budget, and the telling. */
export function createSpentPublisher(deps: {
  tracker: SpendTracker;
  directory: EngineDirectory;
  events: EventBus;
  log: Logger;
}): SpentPublisher {
  const { tracker, directory, log } = deps;
  const published = new Map<number, ExhaustedBudget & { exhausted: boolean; key: string }>();
  const spentLines = (b: Budget, subjects: SubjectId[]) =>
    b.sharing === 'per-member' ? directory.current().linesOf(subjects) : directory.linesFor(b, 0);

  return {
    publish(budgetId) {
      const b = tracker.budget(budgetId);
      const spent = b ? tracker.subjects(budgetId).filter((s) => refusesCalls(b, s)) : [];
      const exhausted = spent.length > 0;
      const lineIds =
        !b || !exhausted
          ? []
          : spentLines(
              b,
              spent.map((s) => s.subject),
            );
      const key = `${exhausted}:${lineIds.join(',')}`;
      const before = published.get(budgetId);
      if ((before?.key ?? 'false:') === key) return;
      published.set(budgetId, { budgetId, exhausted, lineIds, key });
      log.info(
        { budgetId, exhausted, lines: lineIds.length },
        exhausted ? 'budget spent: chargeable calls refused' : 'budget available again',
      );
      deps.events.emit('budget.state-changed', { budgetId, exhausted, lineIds });
    },
    recordSpent(b, subjects) {
      const lineIds = spentLines(b, subjects);
      published.set(b.id, { budgetId: b.id, exhausted: true, lineIds, key: `true:${lineIds.join(',')}` });
    },
    exhausted: () =>
      [...published.values()]
        .filter((p) => p.exhausted)
        .map((p) => ({ budgetId: p.budgetId, lineIds: [...p.lineIds] })),
  };
}
