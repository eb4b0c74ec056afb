import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { OutboxService, TemplateCatalog } from '../notify/index.js';
import { yieldToIo } from '../serial-queue.js';
import { appendEvents } from './budget-history-store.js';
import type { BudgetLocker } from './budget-locker.js';
import type { NoticeSettings } from './budget-notices.js';
import { updatePeriod } from './budget-period-store.js';
import { allowanceOf, isSpent, thresholdsToFire } from './budget-rules.js';
import type { Budget } from './budget-types.js';
import type { EngineDirectory } from './engine-directory.js';
import type { SpentPublisher } from './spent-publisher.js';
import { spentOf, type SpendTracker, type SubjectSpend } from './spend-tracker.js';
import { recordFiring } from './threshold-firing.js';

export const ENGINE_ACTOR = 'budget-engine';

export interface SubjectEvaluator {
  /** Whether evaluating a subject would record or fire anything. */
  hasWork(state: SubjectSpend): boolean;
  /** Publishes the budget, records spent/available, then fires each threshold reached, lowest first. */
  evaluate(state: SubjectSpend): Promise<void>;
}

export interface SubjectEvaluatorDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  tracker: SpendTracker;
  directory: EngineDirectory;
  publisher: SpentPublisher;
  locker: BudgetLocker;
  outbox: Pick<OutboxService, 'enqueue' | 'kick'>;
  templates: TemplateCatalog;
  notices: NoticeSettings;
}

/** Turns a subject's spend into what follows from it: history, notices, locks. */
export function createSubjectEvaluator(deps: SubjectEvaluatorDeps): SubjectEvaluator {
  const { tracker } = deps;
  const firingDeps = {
    dataSource: deps.dataSource,
    outbox: deps.outbox,
    templates: deps.templates,
    notices: deps.notices,
  };

  function hasWork(state: SubjectSpend): boolean {
    const b = tracker.budget(state.budgetId);
    if (!b) return false;
    const spent = spentOf(state);
    const allowance = allowanceOf(state);
    return (
      isSpent(spent, allowance) !== state.exhausted ||
      thresholdsToFire(spent, allowance, b.thresholds, state.fired).length > 0
    );
  }

  async function recordExhausted(b: Budget, state: SubjectSpend, exhausted: boolean, spent: number, now: Date) {
    state.exhausted = exhausted;
    await deps.dataSource.transaction(async (m) => {
      await updatePeriod(m, state.periodId, { exhausted, spentMinor: spent });
      await appendEvents(m, [
        {
          budgetId: b.id,
          subjectUserId: state.subject,
          periodKey: state.period.key,
          at: now,
          kind: exhausted ? 'exhausted' : 'available',
          actor: ENGINE_ACTOR,
          amountMinor: spent,
          detail: exhausted ? `budget spent${spentDetail(b)}` : 'budget available again',
        },
      ]);
    });
  }

  async function evaluate(state: SubjectSpend): Promise<void> {
    const b = tracker.budget(state.budgetId);
    if (!b || tracker.subject(b.id, state.subject) !== state) return;
    deps.publisher.publish(b.id);
    if (!hasWork(state)) return;
    // Database work follows: let pending requests (CURRI) go first.
    await yieldToIo();
    if (tracker.subject(b.id, state.subject) !== state) return;
    const spent = spentOf(state);
    const allowance = allowanceOf(state);
    const now = deps.clock.now();
    const exhausted = isSpent(spent, allowance);
    if (exhausted !== state.exhausted) await recordExhausted(b, state, exhausted, spent, now);
    for (const threshold of thresholdsToFire(spent, allowance, b.thresholds, state.fired)) {
      state.fired.add(threshold.percent);
      await yieldToIo();
      const firing = {
        budget: b,
        subject: state.subject,
        periodId: state.periodId,
        period: state.period,
        threshold,
        spentMinor: spent,
        allowanceMinor: allowance,
        at: now,
      };
      const fired = await recordFiring(firingDeps, firing, deps.directory.current());
      deps.log.info(
        { budgetId: b.id, subject: state.subject, percent: threshold.percent, spent, allowance, fired },
        'budget threshold reached',
      );
      if (fired && threshold.lockLines) {
        await deps.locker.lock(
          b,
          state.subject,
          state.periodId,
          state.period.key,
          deps.directory.linesFor(b, state.subject),
          `budget "${b.name}" at ${threshold.percent}% for ${state.period.key}`,
          now,
        );
      }
    }
  }

  return { hasWork, evaluate };
}

const spentDetail = (b: Budget) =>
  b.denyWhenSpent ? ': calls to chargeable numbers are refused' : ' (notices only: calls are not refused)';
