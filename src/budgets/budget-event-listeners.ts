import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { CallsStoredEvent, EventBus, LockChangedEvent } from '../events/index.js';
import type { BudgetLocker } from './budget-locker.js';
import { heldLineLocks } from './budget-period-store.js';
import type { SubjectId } from './budget-types.js';
import type { EngineDirectory } from './engine-directory.js';
import type { PeriodSync } from './period-sync.js';
import type { SpentPublisher } from './spent-publisher.js';
import type { SpendTracker } from './spend-tracker.js';
import { ENGINE_ACTOR, type SubjectEvaluator } from './subject-evaluator.js';

export interface BudgetEventListenerDeps {
  dataSource: DataSource;
  clock: Clock;
  events: EventBus;
  tracker: SpendTracker;
  directory: EngineDirectory;
  locker: BudgetLocker;
  publisher: SpentPublisher;
  evaluator: SubjectEvaluator;
  periods: PeriodSync;
  /** Queues a job behind the engine's others; a failure is logged as `budget <what> failed`. */
  queue(what: string, job: () => Promise<void>): void;
}

/** What the engine does on the domain events it follows; returns the unsubscribers. */
export function listenToBudgetEvents(deps: BudgetEventListenerDeps): Array<() => void> {
  const { tracker, evaluator, periods, locker } = deps;
  const manager = deps.dataSource.manager;

  function onCallsStored(e: CallsStoredEvent): void {
    const result = tracker.apply(e.calls);
    // CURRI learns of a spent budget now, before any database work.
    for (const id of new Set(result.touched.map((s) => s.budgetId))) deps.publisher.publish(id);
    if (result.touched.length + result.late.length + result.unknown.length === 0) return;
    deps.queue('spend update', async () => {
      // Subjects with something to record or fire first (a spent budget's lock), the rest after.
      const first = result.touched.filter(evaluator.hasWork);
      const touched = [...first, ...result.touched.filter((s) => !evaluator.hasWork(s))];
      for (const s of touched) await evaluator.evaluate(s);
      const late = new Map<string, { budgetId: number; subject: SubjectId; startedAt: Date }>();
      for (const l of result.late) {
        const k = `${l.budgetId}:${l.subject}`;
        if (!late.has(k) || (late.get(k)?.startedAt.getTime() ?? 0) > l.startedAt.getTime()) late.set(k, l);
      }
      for (const l of late.values()) await periods.recomputeSubject(l.budgetId, l.subject, l.startedAt);
      for (const id of new Set(result.unknown.map((u) => u.budgetId))) {
        const b = tracker.budget(id);
        if (b) await periods.ensureBudget(b);
      }
    });
  }

  function onRerated(e: { from: Date; to: Date }): void {
    deps.queue('re-rating', async () => {
      const ctx = await periods.context();
      for (const b of tracker.budgets()) {
        for (const s of tracker.subjects(b.id)) {
          if (e.from.getTime() < s.period.start.getTime()) await periods.recomputeCarry(b, s, e.from, ctx);
        }
        await periods.reconcileBudget(b);
      }
    });
  }

  function onLockChanged(e: LockChangedEvent): void {
    if (e.kinds.includes('budget') || e.via === 'budget') return;
    deps.queue('unlock', async () => {
      for (const h of (await heldLineLocks(manager)).filter((r) => r.lineId === e.lineId)) {
        const b = tracker.budget(h.budgetId);
        const key = tracker.subject(h.budgetId, h.subjectUserId)?.period.key ?? null;
        if (b)
          await locker.release(b, h.subjectUserId, key, `budget lock lifted by ${e.actor} (${e.via})`, e.actor, e.at, [
            e.lineId,
          ]);
      }
    });
  }

  /** New members and lines: subjects come and go, and a locked budget's lock follows its lines. */
  async function refreshDirectory(): Promise<void> {
    await deps.directory.load();
    const held = await heldLineLocks(manager);
    for (const b of tracker.budgets()) {
      await periods.ensureBudget(b);
      for (const s of tracker.subjects(b.id)) {
        const mine = new Set(
          held.filter((h) => h.budgetId === b.id && h.subjectUserId === s.subject).map((h) => h.lineId),
        );
        if (mine.size === 0) continue;
        const lines = deps.directory.linesFor(b, s.subject);
        const now = deps.clock.now();
        const added = lines.filter((l) => !mine.has(l));
        const gone = [...mine].filter((l) => !lines.includes(l));
        const reason = `budget "${b.name}": new line of a locked budget`;
        if (added.length) await locker.lock(b, s.subject, s.periodId, s.period.key, added, reason, now);
        if (gone.length)
          await locker.release(
            b,
            s.subject,
            s.period.key,
            'line no longer covered by the budget',
            ENGINE_ACTOR,
            now,
            gone,
          );
      }
    }
  }

  return [
    deps.events.on('calls.stored', onCallsStored),
    deps.events.on('calls.rerated', onRerated),
    deps.events.on('lock.changed', onLockChanged),
    deps.events.on('directory.changed', () => deps.queue('directory refresh', refreshDirectory)),
  ];
}
