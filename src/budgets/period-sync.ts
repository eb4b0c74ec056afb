import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { BudgetLocker } from './budget-locker.js';
import type { CalendarSettings } from './budget-period.js';
import { creditFor, firedPercents, openPeriodRows, updatePeriod } from './budget-period-store.js';
import type { CountingRules } from './budget-rules.js';
import type { Budget, SubjectId } from './budget-types.js';
import type { EngineDirectory } from './engine-directory.js';
import { periodOfRow, recomputeChain, rollBudget, type RollContext } from './period-roller.js';
import type { SpentPublisher } from './spent-publisher.js';
import { callWatermark, sumSpend } from './spend-query.js';
import type { SpendTracker, SubjectSpend } from './spend-tracker.js';
import { ENGINE_ACTOR, type SubjectEvaluator } from './subject-evaluator.js';

export interface PeriodSync {
  /** What a roll or recomputation needs now: rules, calendar, the clock's instant, the calls' watermark. */
  context(): Promise<RollContext>;
  /** Sums the current period of every subject of a budget from the store, then evaluates. */
  reconcileBudget(b: Budget): Promise<void>;
  /** Brings a budget's subjects to the current period (renewing, catching up, adding new members), then reconciles. */
  ensureBudget(b: Budget): Promise<void>;
  /** Recomputes a subject's periods from `from` on (late or re-rated calls), its carry-in, then evaluates. */
  recomputeSubject(budgetId: number, subject: SubjectId, from: Date): Promise<void>;
  /** Recomputes the periods of a subject from `from` to the open one and takes the open one's carry-in. */
  recomputeCarry(b: Budget, s: SubjectSpend, from: Date, ctx: RollContext): Promise<void>;
}

export interface PeriodSyncDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  rules: CountingRules;
  calendar: CalendarSettings;
  tracker: SpendTracker;
  directory: EngineDirectory;
  locker: BudgetLocker;
  evaluator: SubjectEvaluator;
  publisher: SpentPublisher;
}

/** Keeps the tracker's subjects and their periods in step with the budget_periods rows and the stored calls. */
export function createPeriodSync(deps: PeriodSyncDeps): PeriodSync {
  const { tracker, dataSource } = deps;
  const manager = dataSource.manager;

  const context = async (): Promise<RollContext> => ({
    rules: deps.rules,
    calendar: deps.calendar,
    now: deps.clock.now(),
    watermark: await callWatermark(manager),
    actor: ENGINE_ACTOR,
  });

  async function reconcileBudget(b: Budget): Promise<void> {
    const states = tracker.subjects(b.id);
    if (states.length === 0) return;
    const watermark = await callWatermark(manager);
    const byPeriod = new Map<number, SubjectSpend[]>();
    for (const s of states)
      byPeriod.set(s.period.start.getTime(), [...(byPeriod.get(s.period.start.getTime()) ?? []), s]);
    for (const group of byPeriod.values()) {
      const period = (group[0] as SubjectSpend).period;
      const sums = await sumSpend(manager, b, deps.rules, { from: period.start, to: period.end }, watermark);
      for (const s of group) {
        tracker.reconciled(s, sums.get(s.subject) ?? 0, watermark);
        const credit = await creditFor(manager, b.id, s.subject, period.start.getTime());
        if (credit !== s.creditMinor) {
          s.creditMinor = credit;
          await updatePeriod(manager, s.periodId, { creditMinor: credit });
        }
      }
    }
    for (const s of states) await deps.evaluator.evaluate(s);
    deps.publisher.publish(b.id);
  }

  async function ensureBudget(b: Budget): Promise<void> {
    const directory = deps.directory.current();
    const members = b.sharing === 'per-member' ? directory.members(b) : [0];
    const openRows = await openPeriodRows(manager, b.id);
    const subjects = [
      ...new Set([
        ...members,
        ...tracker.subjects(b.id).map((s) => s.subject),
        ...openRows.map((r) => r.subjectUserId),
      ]),
    ];
    const ctx = await context();
    const roll = () => rollBudget(dataSource, b, subjects, new Set(members), ctx);
    // Another daemon on the same database may open or renew the same period at the same moment: its commit wins
    // the unique key, ours rolls back, and a second look finds its rows.
    const { open, renewed } = await roll().catch((err: unknown) => {
      if (!isUniqueViolation(err)) throw err;
      deps.log.info({ budgetId: b.id }, 'budget period opened by another process at the same time; reading theirs');
      return roll();
    });
    for (const subject of renewed) {
      const previous = tracker.subject(b.id, subject);
      await deps.locker.release(b, subject, previous?.period.key ?? null, 'period renewed', ENGINE_ACTOR, ctx.now);
    }
    for (const s of tracker.subjects(b.id)) if (!open.has(s.subject)) tracker.dropSubject(b.id, s.subject);
    const fired = await firedPercents(
      manager,
      [...open.values()].map((r) => r.id),
    );
    for (const [subject, row] of open) {
      if (row.baseMinor !== b.amountMinor) {
        await updatePeriod(manager, row.id, { baseMinor: b.amountMinor });
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
        period: periodOfRow(row, b, deps.calendar),
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

  async function recomputeCarry(b: Budget, s: SubjectSpend, from: Date, ctx: RollContext): Promise<void> {
    const open = await recomputeChain(dataSource, b, s.subject, from, ctx);
    if (open && open.id === s.periodId) s.carriedInMinor = open.carriedInMinor;
  }

  async function recomputeSubject(budgetId: number, subject: SubjectId, from: Date): Promise<void> {
    const b = tracker.budget(budgetId);
    const state = tracker.subject(budgetId, subject);
    if (!b || !state) return;
    await recomputeCarry(b, state, from, await context());
    await deps.evaluator.evaluate(state);
  }

  return { context, reconcileBudget, ensureBudget, recomputeSubject, recomputeCarry };
}

/** A unique key refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
function isUniqueViolation(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = String(driver?.code ?? (err as { code?: unknown } | null)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
