import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { DirectoryReadModel } from '../directory/index.js';
import type { EventBus } from '../events/index.js';
import type { LockService } from '../locks/index.js';
import type { OutboxService, TemplateCatalog } from '../notify/index.js';
import { createSerialQueue } from '../serial-queue.js';
import { createBudgetDefinitions } from './budget-definitions.js';
import { listenToBudgetEvents } from './budget-event-listeners.js';
import { createBudgetLocker } from './budget-locker.js';
import type { NoticeSettings } from './budget-notices.js';
import { recordOutcome } from './budget-outcomes.js';
import type { CalendarSettings } from './budget-period.js';
import { heldLineLocks, openPeriodRows } from './budget-period-store.js';
import { allowanceOf, isSpent, type CountingRules } from './budget-rules.js';
import { loadBudgets } from './budget-store.js';
import type { SubjectId } from './budget-types.js';
import { createEngineDirectory } from './engine-directory.js';
import { recomputeChain } from './period-roller.js';
import { createPeriodSync } from './period-sync.js';
import { createRenewalScheduler } from './renewal-scheduler.js';
import { createSpentPublisher, type ExhaustedBudget } from './spent-publisher.js';
import { createSpendTracker, spentOf } from './spend-tracker.js';
import { createSubjectEvaluator } from './subject-evaluator.js';

export interface BudgetEngineSettings {
  calendar: CalendarSettings;
  rules: CountingRules;
  notices: NoticeSettings;
  /** Full recomputation from the stored calls (backstop). */
  reconcileIntervalMs: number;
  /** Backstop check for due renewals and the full re-sum (other processes' changes come by the change feed). */
  backstopPollMs: number;
}

export interface BudgetEngineDeps {
  dataSource: DataSource;
  events: EventBus;
  clock: Clock;
  log: Logger;
  settings: BudgetEngineSettings;
  directory: Pick<DirectoryReadModel, 'snapshot'>;
  locks: Pick<LockService, 'setLock' | 'clearLock'>;
  outbox: Pick<OutboxService, 'enqueue' | 'kick' | 'onOutcome'>;
  templates: TemplateCatalog;
  /** Several daemons: renewal runs only in the daemon holding the `budget-renewal` lease (absent: always here). */
  runExclusive?: (name: string, fn: () => Promise<void>) => Promise<boolean>;
  /** Tells the other daemons that periods were renewed (the change feed's `budgets` topic): they reload. */
  announceRenewal?: () => Promise<void>;
}

/** A subject's figures as the engine holds them now (this process only). */
export interface LiveSpend {
  subject: SubjectId;
  periodKey: string;
  allowanceMinor: number;
  spentMinor: number;
  exhausted: boolean;
}

export interface BudgetEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** CURRI's warm-up read; waits for the engine's first load. */
  exhaustedBudgets(): Promise<ExhaustedBudget[]>;
  /** Budgets or credits changed (by this process's budget service, or another process's, through the change feed). */
  reload(): Promise<void>;
  renewDue(): Promise<void>;
  reconcile(): Promise<void>;
  /** In-memory figures of a budget, up to the last stored batch; null if the engine does not follow it. */
  live(budgetId: number): LiveSpend[] | null;
  /** Resolves when all work queued so far is done (tests, benchmarks). */
  idle(): Promise<void>;
}

/**
 * Watches spend as stored calls are announced, fires thresholds once per
 * period, locks and unlocks lines, renews periods, and tells CURRI which
 * budgets are spent. Totals live in memory, derived from the calls table: they
 * are summed from the store on start, at renewal, on re-rating and by a slow
 * backstop, and moved by each 'calls.stored' batch in between.
 *
 * The state has one owner each: the tracker (budgets, subjects, their spend),
 * the engine directory (members and lines), the publisher (what CURRI was told),
 * the definitions (whether the last load succeeded) and, here, the job queue
 * every change goes through, the timers and the time of the last full re-sum.
 */
export function createBudgetEngine(deps: BudgetEngineDeps): BudgetEngine {
  const log = deps.log.child({ module: 'budgets' });
  const { settings, dataSource, clock } = deps;
  const manager = dataSource.manager;
  const tracker = createSpendTracker(settings.rules);
  const queue = createSerialQueue();
  const locker = createBudgetLocker({ dataSource, locks: deps.locks, log });
  const directory = createEngineDirectory({
    directory: deps.directory,
    defaultLanguage: settings.notices.defaultLanguage,
  });
  const publisher = createSpentPublisher({ tracker, directory, events: deps.events, log });
  const evaluator = createSubjectEvaluator({
    dataSource,
    clock,
    log,
    tracker,
    directory,
    publisher,
    locker,
    outbox: deps.outbox,
    templates: deps.templates,
    notices: settings.notices,
  });
  const periods = createPeriodSync({
    dataSource,
    clock,
    log,
    rules: settings.rules,
    calendar: settings.calendar,
    tracker,
    directory,
    locker,
    evaluator,
    publisher,
  });
  const scheduler = createRenewalScheduler({
    clock,
    log,
    nextBoundary: () => {
      const ends = tracker.budgets().flatMap((b) => tracker.subjects(b.id).map((s) => s.period.end.getTime()));
      return ends.length ? new Date(Math.min(...ends)) : null;
    },
    renew: () => renewIfOurs(),
  });
  const definitions = createBudgetDefinitions({
    dataSource,
    clock,
    tracker,
    locker,
    publisher,
    periods,
    onLoaded: () => scheduler.reschedule(),
  });
  let unsubscribe: Array<() => void> = [];
  let timers: NodeJS.Timeout[] = [];
  let warm: Promise<void> | null = null;
  let lastFullReconcile = 0;

  deps.outbox.onOutcome('budget', recordOutcome);

  const periodEnded = (now: number) =>
    tracker.budgets().some((b) => tracker.subjects(b.id).some((s) => s.period.end.getTime() <= now));

  async function renewDue(): Promise<void> {
    let renewed = false;
    await queue.run(async () => {
      const now = clock.now().getTime();
      for (const b of tracker.budgets()) {
        if (!tracker.subjects(b.id).some((s) => s.period.end.getTime() <= now)) continue;
        await periods.ensureBudget(b);
        renewed = true;
      }
    });
    if (renewed) await deps.announceRenewal?.();
    scheduler.reschedule();
  }

  /**
   * Renewal runs in one daemon of a cluster (the `budget-renewal` lease's
   * holder); the others reload when it announces the new periods. Resolves
   * false when another daemon holds the lease. A daemon that reloads with a
   * period ended may still roll it: the unique (budget, subject, start) of
   * budget_periods then refuses the second roll, whose transaction is undone.
   */
  async function renewIfOurs(): Promise<boolean> {
    if (!deps.runExclusive) {
      await renewDue();
      return true;
    }
    return deps.runExclusive('budget-renewal', renewDue);
  }

  async function reconcileAll(): Promise<void> {
    await queue.run(async () => {
      lastFullReconcile = clock.now().getTime();
      const ctx = await periods.context();
      for (const b of tracker.budgets()) {
        // Another process may have re-rated calls: revise the last closed period's spend and what it carried.
        if (b.rollover) {
          for (const s of tracker.subjects(b.id)) {
            const row = await recomputeChain(dataSource, b, s.subject, new Date(s.period.start.getTime() - 1), ctx);
            if (row) s.carriedInMinor = row.carriedInMinor;
          }
        }
        await periods.reconcileBudget(b);
      }
      // Every subject has now summed at least up to this watermark.
      tracker.forgetUpTo(ctx.watermark);
    });
  }

  /** The spent budgets as recorded in the open periods: what CURRI needs before anything else. */
  async function warmFromStore(): Promise<void> {
    await directory.load();
    const now = clock.now().getTime();
    const spentRows = (await openPeriodRows(manager)).filter((r) => r.exhausted && r.endsAt > now);
    for (const b of await loadBudgets(manager)) {
      const subjects = spentRows.filter((r) => r.budgetId === b.id).map((r) => r.subjectUserId);
      if (b.denyWhenSpent && subjects.length > 0) publisher.recordSpent(b, subjects);
    }
  }

  async function fullLoad(): Promise<void> {
    await definitions.load();
    lastFullReconcile = clock.now().getTime();
    const held = await heldLineLocks(manager);
    for (const b of tracker.budgets()) {
      const lines = held.filter((h) => h.budgetId === b.id).map((h) => h.lineId);
      if (lines.length) await locker.reassert(b, lines);
    }
    log.info({ budgets: tracker.budgets().length, spent: publisher.exhausted().length }, 'budgets loaded');
  }

  async function poll(): Promise<void> {
    const now = clock.now().getTime();
    if (!definitions.loaded()) await queue.run(definitions.load);
    if (periodEnded(now)) await renewIfOurs();
    if (now - lastFullReconcile >= settings.reconcileIntervalMs) await reconcileAll();
  }

  const guarded = (what: string, job: () => Promise<void>) =>
    void queue.run(job).catch((err: unknown) => log.error({ err }, `budget ${what} failed`));

  return {
    async start() {
      unsubscribe = listenToBudgetEvents({
        dataSource,
        clock,
        events: deps.events,
        tracker,
        directory,
        locker,
        publisher,
        evaluator,
        periods,
        queue: guarded,
      });
      // CURRI warms up from the spent states recorded last time, so it is ready
      // at once; the full load (renewals, sums, thresholds) follows in the queue.
      warm = queue.run(warmFromStore);
      await warm;
      scheduler.start();
      queue
        .run(fullLoad)
        .catch((err: unknown) => log.error({ err }, 'budgets could not be loaded; retrying on the next poll'));
      const timer = setInterval(
        () => void poll().catch((err: unknown) => log.warn({ err }, 'budget poll failed')),
        settings.backstopPollMs,
      );
      timer.unref();
      timers = [timer];
    },
    async stop() {
      unsubscribe.forEach((off) => off());
      unsubscribe = [];
      timers.forEach((t) => clearInterval(t));
      timers = [];
      scheduler.stop();
      await queue.idle();
    },
    async exhaustedBudgets(): Promise<ExhaustedBudget[]> {
      if (!warm) throw new Error('the budget engine is not started');
      await warm;
      return publisher.exhausted();
    },
    // Outside the daemon (the CLI) the engine is not running: the daemon hears of the change through the change feed.
    reload: async () => (warm ? queue.run(definitions.load) : undefined),
    renewDue,
    reconcile: reconcileAll,
    live(budgetId) {
      const b = tracker.budget(budgetId);
      if (!b) return null;
      return tracker.subjects(budgetId).map((s) => ({
        subject: s.subject,
        periodKey: s.period.key,
        allowanceMinor: allowanceOf(s),
        spentMinor: spentOf(s),
        exhausted: isSpent(spentOf(s), allowanceOf(s)),
      }));
    },
    idle: () => queue.idle(),
  };
}
