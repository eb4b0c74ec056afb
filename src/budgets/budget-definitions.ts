import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { BudgetLocker } from './budget-locker.js';
import { loadBudgets } from './budget-store.js';
import type { PeriodSync } from './period-sync.js';
import type { SpentPublisher } from './spent-publisher.js';
import type { SpendTracker } from './spend-tracker.js';
import { ENGINE_ACTOR } from './subject-evaluator.js';

export interface BudgetDefinitions {
  /** Loads every budget and credit: removed budgets release their locks, the others come to their current period. */
  load(): Promise<void>;
  /** False from the start of a load until it succeeds: the backstop poll retries a failed one. */
  loaded(): boolean;
}

/**
 * The budget definitions the engine follows. They are loaded at start and again when budgets or credits change:
 * by this process's budget service, or by another process (the CLI, another daemon) through the change feed's
 * `budgets` topic, the one way such changes arrive (no polling of the tables).
 */
export function createBudgetDefinitions(deps: {
  dataSource: DataSource;
  clock: Clock;
  tracker: SpendTracker;
  locker: BudgetLocker;
  publisher: SpentPublisher;
  periods: PeriodSync;
  /** Called after each successful load (the renewal timer follows the new periods). */
  onLoaded(): void;
}): BudgetDefinitions {
  const { tracker } = deps;
  const manager = deps.dataSource.manager;
  let loaded = true;

  async function load(): Promise<void> {
    loaded = false;
    const budgets = await loadBudgets(manager);
    const live = new Set(budgets.map((b) => b.id));
    for (const gone of tracker.budgets().filter((b) => !live.has(b.id))) {
      await deps.locker.release(gone, undefined, null, 'budget removed', ENGINE_ACTOR, deps.clock.now());
      tracker.removeBudget(gone.id);
      deps.publisher.publish(gone.id);
    }
    for (const b of budgets) {
      tracker.setBudget(b);
      await deps.periods.ensureBudget(b);
    }
    // Only once everything loaded: a failed load is tried again by the next poll.
    loaded = true;
    deps.onLoaded();
  }

  return { load, loaded: () => loaded };
}
