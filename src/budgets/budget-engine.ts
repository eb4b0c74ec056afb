import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { DirectoryReadModel } from '../directory/index.js';
import type { CallsStoredEvent, EventBus, LockChangedEvent } from '../events/index.js';
import type { LockService } from '../locks/index.js';
import type { OutboxService, TemplateCatalog } from '../notify/index.js';
import { indexDirectory, type BudgetDirectory } from './budget-directory.js';
import { appendEvents } from './budget-history-store.js';
import { createBudgetLocker } from './budget-locker.js';
import type { NoticeSettings } from './budget-notices.js';
import { recordOutcome } from './budget-outcomes.js';
import type { CalendarSettings } from './budget-period.js';
import {
  adjustmentsFingerprint,
  creditFor,
  firedPercents,
  heldLineLocks,
  openPeriodRows,
  updatePeriod,
} from './budget-period-store.js';
import { allowanceOf, isSpent, thresholdsToFire, type CountingRules } from './budget-rules.js';
import { budgetsFingerprint, loadBudgets } from './budget-store.js';
import type { Budget, SubjectId } from './budget-types.js';
import { periodOfRow, recomputeChain, rollBudget, type RollContext } from './period-roller.js';
import { createRenewalScheduler } from './renewal-scheduler.js';
import { createSerialQueue, yieldToIo } from '../serial-queue.js';
import { callWatermark, sumSpend } from './spend-query.js';
import { createSpendTracker, spentOf, type SubjectSpend } from './spend-tracker.js';
import { recordFiring } from './threshold-firing.js';

export interface BudgetEngineSettings {
  calendar: CalendarSettings;
  rules: CountingRules;
  notices: NoticeSettings;
  /** Full recomputation from the stored calls (backstop). */
  reconcileIntervalMs: number;
  /** Backstop check for due renewals and the full re-sum (changes by other processes arrive through the change feed). */
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

/** The budgets that are spent now, with the lines CURRI must stop from calling chargeable numbers. */
export interface ExhaustedBudget {
  budgetId: number;
  lineIds: number[];
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

const ACTOR = 'budget-engine';

/**
 * Watches spend as stored calls are announced, fires thresholds once per
 * period, locks and unlocks lines, renews periods, and tells CURRI which
 * budgets are spent. Totals live in memory, derived from the calls table: they
 * are summed from the store on start, at renewal, on re-rating and by a slow
 * backstop, and moved by each 'calls.stored' batch in between.
 */
export function createBudgetEngine(deps: BudgetEngineDeps): BudgetEngine {
  const log = deps.log.child({ module: 'budgets' });
  const { settings } = deps;
  const tracker = createSpendTracker(settings.rules);
  const queue = createSerialQueue();
  const locker = createBudgetLocker({ dataSource: deps.dataSource, locks: deps.locks, log });
  const published = new Map<number, ExhaustedBudget & { exhausted: boolean; key: string }>();
  let directory: BudgetDirectory = indexDirectory(
    { users: [], lines: [], devices: [], gateways: [], departments: [], costCentres: [] },
    settings.notices.defaultLanguage,
  );
  let unsubscribe: Array<() => void> = [];
  let timers: NodeJS.Timeout[] = [];
  let warm: Promise<void> | null = null;
  let fingerprint = '';
  /** False from the start of a definitions load until it succeeds: the backstop poll retries a failed one. */
  let definitionsLoaded = true;
  let lastFullReconcile = 0;
  const scheduler = createRenewalScheduler({
    clock: deps.clock,
    log,
    nextBoundary: () => {
      const ends = tracker.budgets().flatMap((b) => tracker.subjects(b.id).map((s) => s.period.end.getTime()));
      return ends.length ? new Date(Math.min(...ends)) : null;
    },
    renew: () => renewIfOurs(),
  });

  deps.outbox.onOutcome('budget', recordOutcome);

  const context = async (): Promise<RollContext> => ({
    rules: settings.rules,
    calendar: settings.calendar,
    now: deps.clock.now(),
    watermark: await callWatermark(deps.dataSource.manager),
    actor: ACTOR,
  });
  const isExhausted = (b: Budget, s: SubjectSpend) => b.denyWhenSpent && isSpent(spentOf(s), allowanceOf(s));
  const linesFor = (b: Budget, subject: SubjectId) =>
    directory.linesOf(b.sharing === 'per-member' ? [subject] : directory.members(b));

  /** Tells CURRI (synchronously, on the event bus) when a budget becomes spent or available, or its lines change. */
  function publish(budgetId: number): void {
    const b = tracker.budget(budgetId);
    const spent = b ? tracker.subjects(budgetId).filter((s) => isExhausted(b, s)) : [];
    const exhausted = spent.length > 0;
    const lineIds =
      !b || !exhausted
        ? []
        : b.sharing === 'per-member'
          ? directory.linesOf(spent.map((s) => s.subject))
          : linesFor(b, 0);
    const key = `${exhausted}:${lineIds.join(',')}`;
    const before = published.get(budgetId);
    if ((before?.key ?? 'false:') === key) return;
    published.set(budgetId, { budgetId, exhausted, lineIds, key });
    log.info(
      { budgetId, exhausted, lines: lineIds.length },
      exhausted ? 'budget spent: chargeable calls refused' : 'budget available again',
    );
    deps.events.emit('budget.state-changed', { budgetId, exhausted, lineIds });
  }

  /** Records spent/available, then fires each threshold reached, lowest first. */
  /** Whether evaluating a subject would record or fire anything. */
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

  async function evaluate(state: SubjectSpend): Promise<void> {
    const b = tracker.budget(state.budgetId);
    if (!b || tracker.subject(b.id, state.subject) !== state) return;
    publish(b.id);
    if (!hasWork(state)) return;
    // Database work follows: let pending requests (CURRI) go first.
    await yieldToIo();
    if (tracker.subject(b.id, state.subject) !== state) return;
    const spent = spentOf(state);
    const allowance = allowanceOf(state);
    const now = deps.clock.now();
    const exhausted = isSpent(spent, allowance);
    if (exhausted !== state.exhausted) {
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
            actor: ACTOR,
            amountMinor: spent,
            detail: exhausted
              ? `budget spent${b.denyWhenSpent ? ': calls to chargeable numbers are refused' : ' (notices only: calls are not refused)'}`
              : 'budget available again',
          },
        ]);
      });
    }
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
      const fired = await recordFiring(
        { dataSource: deps.dataSource, outbox: deps.outbox, templates: deps.templates, notices: settings.notices },
        firing,
        directory,
      );
      log.info(
        { budgetId: b.id, subject: state.subject, percent: threshold.percent, spent, allowance, fired },
        'budget threshold reached',
      );
      if (fired && threshold.lockLines) {
        await locker.lock(
          b,
          state.subject,
          state.periodId,
          state.period.key,
          linesFor(b, state.subject),
          `budget "${b.name}" at ${threshold.percent}% for ${state.period.key}`,
          now,
        );
      }
    }
  }

  /** Sums the current period of every subject of a budget from the store, then evaluates. */
  async function reconcileBudget(b: Budget): Promise<void> {
    const states = tracker.subjects(b.id);
    if (states.length === 0) return;
    const watermark = await callWatermark(deps.dataSource.manager);
    const byPeriod = new Map<number, SubjectSpend[]>();
    for (const s of states)
      byPeriod.set(s.period.start.getTime(), [...(byPeriod.get(s.period.start.getTime()) ?? []), s]);
    for (const group of byPeriod.values()) {
      const period = (group[0] as SubjectSpend).period;
      const sums = await sumSpend(
        deps.dataSource.manager,
        b,
        settings.rules,
        { from: period.start, to: period.end },
        watermark,
      );
      for (const s of group) {
        tracker.reconciled(s, sums.get(s.subject) ?? 0, watermark);
        const credit = await creditFor(deps.dataSource.manager, b.id, s.subject, period.start.getTime());
        if (credit !== s.creditMinor) {
          s.creditMinor = credit;
          await updatePeriod(deps.dataSource.manager, s.periodId, { creditMinor: credit });
        }
      }
    }
    for (const s of states) await evaluate(s);
    publish(b.id);
  }

  /** Brings a budget's subjects to the current period (renewing, catching up, adding new members), then reconciles. */
  async function ensureBudget(b: Budget): Promise<void> {
    const members = b.sharing === 'per-member' ? directory.members(b) : [0];
    const openRows = await openPeriodRows(deps.dataSource.manager, b.id);
    const subjects = [
      ...new Set([
        ...members,
        ...tracker.subjects(b.id).map((s) => s.subject),
        ...openRows.map((r) => r.subjectUserId),
      ]),
    ];
    const ctx = await context();
    const roll = () => rollBudget(deps.dataSource, b, subjects, new Set(members), ctx);
    // Another daemon on the same database may open or renew the same period at the same moment: its commit wins
    // the unique key, ours rolls back, and a second look finds its rows.
    const { open, renewed } = await roll().catch((err: unknown) => {
      if (!isUniqueViolation(err)) throw err;
      log.info({ budgetId: b.id }, 'budget period opened by another process at the same time; reading theirs');
      return roll();
    });
    for (const subject of renewed) {
      const previous = tracker.subject(b.id, subject);
      await locker.release(b, subject, previous?.period.key ?? null, 'period renewed', ACTOR, ctx.now);
    }
    for (const s of tracker.subjects(b.id)) if (!open.has(s.subject)) tracker.dropSubject(b.id, s.subject);
    const fired = await firedPercents(
      deps.dataSource.manager,
      [...open.values()].map((r) => r.id),
    );
    for (const [subject, row] of open) {
      if (row.baseMinor !== b.amountMinor) {
        await updatePeriod(deps.dataSource.manager, row.id, { baseMinor: b.amountMinor });
        row.baseMinor = b.amountMinor;
      }
      const existing = tracker.subject(b.id, subject);
      if (existing?.periodId === row.id) {
        existing.baseMinor = row.baseMinor;
        continue;
      }
      tracker.setSubject({
        budgetId: b.id,
        subject,
        periodId: row.id,
        period: periodOfRow(row, b, settings.calendar),
        baseMinor: row.baseMinor,
        carriedInMinor: row.carriedInMinor,
        creditMinor: row.creditMinor,
        dbSpentMinor: 0,
        watermark: 0,
        recentIds: [],
        recentCosts: [],
        recentMinor: 0,
        fired: fired.get(row.id) ?? new Set(),
        exhausted: row.exhausted,
      });
    }
    await reconcileBudget(b);
  }

  async function loadDefinitions(): Promise<void> {
    definitionsLoaded = false;
    const seen = `${await budgetsFingerprint(deps.dataSource.manager)}/${await adjustmentsFingerprint(deps.dataSource.manager)}`;
    const budgets = await loadBudgets(deps.dataSource.manager);
    const live = new Set(budgets.map((b) => b.id));
    for (const gone of tracker.budgets().filter((b) => !live.has(b.id))) {
      await locker.release(gone, undefined, null, 'budget removed', ACTOR, deps.clock.now());
      tracker.removeBudget(gone.id);
      publish(gone.id);
    }
    for (const b of budgets) {
      tracker.setBudget(b);
      await ensureBudget(b);
    }
    // Only once everything loaded: a failed load is tried again by the next poll.
    fingerprint = seen;
    definitionsLoaded = true;
    scheduler.reschedule();
  }

  async function refreshDirectory(): Promise<void> {
    directory = indexDirectory(await deps.directory.snapshot(), settings.notices.defaultLanguage);
    const held = await heldLineLocks(deps.dataSource.manager);
    for (const b of tracker.budgets()) {
      await ensureBudget(b);
      for (const s of tracker.subjects(b.id)) {
        const mine = new Set(
          held.filter((h) => h.budgetId === b.id && h.subjectUserId === s.subject).map((h) => h.lineId),
        );
        if (mine.size === 0) continue;
        const lines = linesFor(b, s.subject);
        const now = deps.clock.now();
        const added = lines.filter((l) => !mine.has(l));
        const gone = [...mine].filter((l) => !lines.includes(l));
        if (added.length)
          await locker.lock(
            b,
            s.subject,
            s.periodId,
            s.period.key,
            added,
            `budget "${b.name}": new line of a locked budget`,
            now,
          );
        if (gone.length)
          await locker.release(b, s.subject, s.period.key, 'line no longer covered by the budget', ACTOR, now, gone);
      }
    }
  }

  async function renewDue(): Promise<void> {
    let renewed = false;
    await queue.run(async () => {
      const now = deps.clock.now().getTime();
      for (const b of tracker.budgets()) {
        if (!tracker.subjects(b.id).some((s) => s.period.end.getTime() <= now)) continue;
        await ensureBudget(b);
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
      lastFullReconcile = deps.clock.now().getTime();
      await reloadIfChanged();
      const ctx = await context();
      for (const b of tracker.budgets()) {
        // Another process may have re-rated calls: revise the last closed period's spend and what it carried.
        if (b.rollover) {
          for (const s of tracker.subjects(b.id))
            await recomputeChain(deps.dataSource, b, s.subject, new Date(s.period.start.getTime() - 1), ctx).then(
              (row) => row && refreshCarry(s, row.carriedInMinor),
            );
        }
        await reconcileBudget(b);
      }
      // Every subject has now summed at least up to this watermark.
      tracker.forgetUpTo(ctx.watermark);
    });
  }

  function refreshCarry(state: SubjectSpend, carriedInMinor: number): void {
    state.carriedInMinor = carriedInMinor;
  }

  function guarded(what: string, job: () => Promise<void>): void {
    queue.run(job).catch((err: unknown) => log.error({ err }, `budget ${what} failed`));
  }

  function onCallsStored(e: CallsStoredEvent): void {
    const result = tracker.apply(e.calls);
    // CURRI learns of a spent budget now, before any database work.
    for (const id of new Set(result.touched.map((s) => s.budgetId))) publish(id);
    if (result.touched.length + result.late.length + result.unknown.length === 0) return;
    guarded('spend update', async () => {
      // Subjects with something to record or fire first (a spent budget's lock), the rest after.
      const touched = [...result.touched.filter(hasWork), ...result.touched.filter((s) => !hasWork(s))];
      for (const s of touched) await evaluate(s);
      const late = new Map<string, { budgetId: number; subject: SubjectId; startedAt: Date }>();
      for (const l of result.late) {
        const k = `${l.budgetId}:${l.subject}`;
        if (!late.has(k) || (late.get(k)?.startedAt.getTime() ?? 0) > l.startedAt.getTime()) late.set(k, l);
      }
      for (const l of late.values()) await recomputeSubject(l.budgetId, l.subject, l.startedAt);
      for (const id of new Set(result.unknown.map((u) => u.budgetId))) {
        const b = tracker.budget(id);
        if (b) await ensureBudget(b);
      }
    });
  }

  async function recomputeSubject(budgetId: number, subject: SubjectId, from: Date): Promise<void> {
    const b = tracker.budget(budgetId);
    const state = tracker.subject(budgetId, subject);
    if (!b || !state) return;
    const open = await recomputeChain(deps.dataSource, b, subject, from, await context());
    if (open && open.id === state.periodId) refreshCarry(state, open.carriedInMinor);
    await evaluate(state);
  }

  function onRerated(e: { from: Date; to: Date }): void {
    guarded('re-rating', async () => {
      const ctx = await context();
      for (const b of tracker.budgets()) {
        for (const s of tracker.subjects(b.id)) {
          if (e.from.getTime() < s.period.start.getTime()) {
            const open = await recomputeChain(deps.dataSource, b, s.subject, e.from, ctx);
            if (open && open.id === s.periodId) refreshCarry(s, open.carriedInMinor);
          }
        }
        await reconcileBudget(b);
      }
    });
  }

  function onLockChanged(e: LockChangedEvent): void {
    if (e.kinds.includes('budget') || e.via === 'budget') return;
    guarded('unlock', async () => {
      for (const h of (await heldLineLocks(deps.dataSource.manager)).filter((r) => r.lineId === e.lineId)) {
        const b = tracker.budget(h.budgetId);
        const key = tracker.subject(h.budgetId, h.subjectUserId)?.period.key ?? null;
        if (b)
          await locker.release(b, h.subjectUserId, key, `budget lock lifted by ${e.actor} (${e.via})`, e.actor, e.at, [
            e.lineId,
          ]);
      }
    });
  }

  /** The spent budgets as recorded in the open periods: what CURRI needs before anything else. */
  async function warmFromStore(): Promise<void> {
    directory = indexDirectory(await deps.directory.snapshot(), settings.notices.defaultLanguage);
    const now = deps.clock.now().getTime();
    const spentRows = (await openPeriodRows(deps.dataSource.manager)).filter((r) => r.exhausted && r.endsAt > now);
    for (const b of await loadBudgets(deps.dataSource.manager)) {
      const subjects = spentRows.filter((r) => r.budgetId === b.id).map((r) => r.subjectUserId);
      if (!b.denyWhenSpent || subjects.length === 0) continue;
      const lineIds = b.sharing === 'per-member' ? directory.linesOf(subjects) : linesFor(b, 0);
      published.set(b.id, { budgetId: b.id, exhausted: true, lineIds, key: `true:${lineIds.join(',')}` });
    }
  }

  async function fullLoad(): Promise<void> {
    await loadDefinitions();
    lastFullReconcile = deps.clock.now().getTime();
    const held = await heldLineLocks(deps.dataSource.manager);
    for (const b of tracker.budgets()) {
      const lines = held.filter((h) => h.budgetId === b.id).map((h) => h.lineId);
      if (lines.length) await locker.reassert(b, lines);
    }
    log.info(
      { budgets: tracker.budgets().length, spent: [...published.values()].filter((p) => p.exhausted).length },
      'budgets loaded',
    );
  }

  /** Reloads definitions if budgets or credits changed since the last load (a backstop to the change feed). */
  async function reloadIfChanged(): Promise<void> {
    const current = `${await budgetsFingerprint(deps.dataSource.manager)}/${await adjustmentsFingerprint(deps.dataSource.manager)}`;
    if (current !== fingerprint) await loadDefinitions();
  }

  async function poll(): Promise<void> {
    const now = deps.clock.now().getTime();
    if (!definitionsLoaded) await queue.run(loadDefinitions);
    if (tracker.budgets().some((b) => tracker.subjects(b.id).some((s) => s.period.end.getTime() <= now)))
      await renewIfOurs();
    if (now - lastFullReconcile >= settings.reconcileIntervalMs) await reconcileAll();
  }

  return {
    async start() {
      unsubscribe = [
        deps.events.on('calls.stored', onCallsStored),
        deps.events.on('calls.rerated', onRerated),
        deps.events.on('lock.changed', onLockChanged),
        deps.events.on('directory.changed', () => guarded('directory refresh', refreshDirectory)),
      ];
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
    async exhaustedBudgets() {
      if (!warm) throw new Error('the budget engine is not started');
      await warm;
      return [...published.values()]
        .filter((p) => p.exhausted)
        .map((p) => ({ budgetId: p.budgetId, lineIds: [...p.lineIds] }));
    },
    // Outside the daemon (the CLI) the engine is not running: the daemon hears of the change through the change feed.
    reload: async () => (warm ? queue.run(loadDefinitions) : undefined),
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

/** A unique key refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
function isUniqueViolation(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = String(driver?.code ?? (err as { code?: unknown } | null)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
