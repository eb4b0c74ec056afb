import type { DataSource, EntityManager } from 'typeorm';
import type { BudgetPeriodRow } from '../store/index.js';
import { appendEvents, type NewBudgetEvent } from './budget-history-store.js';
import { periodContaining, type BudgetPeriod, type CalendarSettings } from './budget-period.js';
import {
  creditFor,
  insertPeriod,
  latestPeriodRow,
  periodRowAt,
  periodRowsFrom,
  updatePeriod,
} from './budget-period-store.js';
import { allowanceOf, carryOver, type CountingRules } from './budget-rules.js';
import type { Budget, SubjectId } from './budget-types.js';
import { minorToDecimal } from '../../tariffs/index.js';
import { sumSpend } from './spend-query.js';

export interface RollContext {
  rules: CountingRules;
  calendar: CalendarSettings;
  now: Date;
  /** Calls up to this id are summed from the store. */
  watermark: number;
  actor: string;
}

export interface RollResult {
  /** The open row of each subject that goes on. */
  open: Map<SubjectId, BudgetPeriodRow>;
  /** Subjects whose period ended (renewed or, for a member who left, closed). */
  renewed: Set<SubjectId>;
}

/** The period a stored row covers. */
export function periodOfRow(row: BudgetPeriodRow, budget: Budget, calendar: CalendarSettings): BudgetPeriod {
  const p = periodContaining(new Date(row.startsAt), budget.period, calendar);
  return { ...p, start: new Date(row.startsAt), end: new Date(row.endsAt) };
}

/**
 * Brings a budget's subjects to the period containing `now`: closes each
 * period that ended with its spend summed from the stored calls, opens the next
 * one carrying the residual when rollover is on, and catches up every period
 * missed while Tollgate was down. Subjects not in `keep` are closed and not
 * renewed (members who left). All in one transaction with its history.
 */
export async function rollBudget(
  ds: DataSource,
  budget: Budget,
  subjects: SubjectId[],
  keep: ReadonlySet<SubjectId>,
  ctx: RollContext,
): Promise<RollResult> {
  return ds.transaction(async (m) => {
    const current = periodContaining(ctx.now, budget.period, ctx.calendar);
    const open = new Map<SubjectId, BudgetPeriodRow>();
    const renewed = new Set<SubjectId>();
    const events: NewBudgetEvent[] = [];
    const sums = new Map<number, Map<SubjectId, number>>();
    const spendIn = async (p: BudgetPeriod, subject: SubjectId) => {
      if (!sums.has(p.start.getTime()))
        sums.set(p.start.getTime(), await sumSpend(m, budget, ctx.rules, { from: p.start, to: p.end }, ctx.watermark));
      return sums.get(p.start.getTime())?.get(subject) ?? 0;
    };
    for (const subject of subjects) {
      let row = await latestPeriodRow(m, budget.id, subject);
      if (row?.status === 'open' && row.endsAt > ctx.now.getTime()) {
        open.set(subject, row);
        continue;
      }
      if (row === null) {
        if (!keep.has(subject)) continue;
        open.set(subject, await openRow(m, budget, subject, current, 0));
        continue;
      }
      renewed.add(subject);
      if (row.status === 'open')
        row = await closeRow(
          m,
          budget,
          row,
          await spendIn(periodOfRow(row, budget, ctx.calendar), subject),
          ctx,
          events,
        );
      if (!keep.has(subject)) continue;
      // Periods missed while Tollgate was down are closed one by one, each with its own spend.
      let next = periodContaining(new Date(row.endsAt), budget.period, ctx.calendar);
      while (next.start.getTime() < current.start.getTime()) {
        const missed = await openRow(m, budget, subject, next, carryOver(budget, allowanceOf(row), row.spentMinor));
        noteCarry(budget, missed, ctx, events);
        row = await closeRow(m, budget, missed, await spendIn(next, subject), ctx, events, true);
        next = periodContaining(new Date(row.endsAt), budget.period, ctx.calendar);
      }
      const fresh = await openRow(m, budget, subject, current, carryOver(budget, allowanceOf(row), row.spentMinor));
      noteCarry(budget, fresh, ctx, events);
      open.set(subject, fresh);
    }
    await appendEvents(m, events);
    return { open, renewed };
  });
}

async function openRow(
  m: EntityManager,
  budget: Budget,
  subject: SubjectId,
  p: BudgetPeriod,
  carriedInMinor: number,
): Promise<BudgetPeriodRow> {
  return insertPeriod(m, {
    budgetId: budget.id,
    subjectUserId: subject,
    periodKey: p.key,
    startsAt: p.start.getTime(),
    endsAt: p.end.getTime(),
    baseMinor: budget.amountMinor,
    carriedInMinor,
    creditMinor: await creditFor(m, budget.id, subject, p.start.getTime()),
    spentMinor: 0,
    status: 'open',
    exhausted: false,
    closedAt: null,
  });
}

async function closeRow(
  m: EntityManager,
  budget: Budget,
  row: BudgetPeriodRow,
  spentMinor: number,
  ctx: RollContext,
  events: NewBudgetEvent[],
  caughtUp = false,
): Promise<BudgetPeriodRow> {
  const closed = { ...row, spentMinor, status: 'closed' as const, closedAt: ctx.now.getTime() };
  await updatePeriod(m, row.id, { spentMinor, status: 'closed', closedAt: closed.closedAt });
  const allowance = allowanceOf(row);
  const money = (v: number) => `${minorToDecimal(v, budget.currency)} ${budget.currency}`;
  events.push({
    budgetId: budget.id,
    subjectUserId: row.subjectUserId,
    periodKey: row.periodKey,
    at: ctx.now,
    kind: 'renewal',
    actor: ctx.actor,
    amountMinor: spentMinor,
    detail:
      `period ${row.periodKey} closed${caughtUp ? ' (caught up after downtime)' : ''}: spent ` +
      `${money(spentMinor)} of ${money(allowance)}`,
    data: { spentMinor, allowanceMinor: allowance, caughtUp },
  });
  return closed;
}

function noteCarry(budget: Budget, row: BudgetPeriodRow, ctx: RollContext, events: NewBudgetEvent[]): void {
  if (row.carriedInMinor <= 0) return;
  events.push({
    budgetId: budget.id,
    subjectUserId: row.subjectUserId,
    periodKey: row.periodKey,
    at: ctx.now,
    kind: 'rollover',
    actor: ctx.actor,
    amountMinor: row.carriedInMinor,
    detail:
      `residual ${minorToDecimal(row.carriedInMinor, budget.currency)} ${budget.currency} ` +
      `carried into ${row.periodKey}`,
    data: { carriedInMinor: row.carriedInMinor },
  });
}

/**
 * Recomputes the spend of a subject's periods from the one holding `from` up
 * to the open one (late or re-rated calls), and the residual each carried
 * forward. Returns the open row as it is now, or null if it has none.
 */
export async function recomputeChain(
  ds: DataSource,
  budget: Budget,
  subject: SubjectId,
  from: Date,
  ctx: RollContext,
): Promise<BudgetPeriodRow | null> {
  return ds.transaction(async (m) => {
    const first = await periodRowAt(m, budget.id, subject, from.getTime());
    const rows = await periodRowsFrom(m, budget.id, subject, first?.startsAt ?? from.getTime());
    const events: NewBudgetEvent[] = [];
    const money = (v: number) => `${minorToDecimal(v, budget.currency)} ${budget.currency}`;
    let previous: BudgetPeriodRow | null = null;
    let open: BudgetPeriodRow | null = null;
    for (const original of rows) {
      const row = { ...original };
      if (previous && budget.rollover) {
        const carried = carryOver(budget, allowanceOf(previous), previous.spentMinor);
        if (carried !== row.carriedInMinor) {
          events.push({
            budgetId: budget.id,
            subjectUserId: subject,
            periodKey: row.periodKey,
            at: ctx.now,
            kind: 'rollover',
            actor: ctx.actor,
            amountMinor: carried,
            detail:
              `residual carried into ${row.periodKey} revised from ` +
              `${money(row.carriedInMinor)} to ${money(carried)} (late or re-rated calls)`,
            data: { before: row.carriedInMinor, after: carried },
          });
          row.carriedInMinor = carried;
          await updatePeriod(m, row.id, { carriedInMinor: carried });
        }
      }
      if (row.status === 'closed') {
        const spent =
          (
            await sumSpend(
              m,
              budget,
              ctx.rules,
              { from: new Date(row.startsAt), to: new Date(row.endsAt) },
              ctx.watermark,
            )
          ).get(subject) ?? 0;
        if (spent !== row.spentMinor) {
          events.push({
            budgetId: budget.id,
            subjectUserId: subject,
            periodKey: row.periodKey,
            at: ctx.now,
            kind: 'respend',
            actor: ctx.actor,
            amountMinor: spent,
            detail:
              `spend of closed period ${row.periodKey} revised from ${money(row.spentMinor)} ` +
              `to ${money(spent)} (late or re-rated calls)`,
            data: { before: row.spentMinor, after: spent },
          });
          row.spentMinor = spent;
          await updatePeriod(m, row.id, { spentMinor: spent });
        }
      } else {
        open = row;
      }
      previous = row;
    }
    await appendEvents(m, events);
    return open;
  });
}
