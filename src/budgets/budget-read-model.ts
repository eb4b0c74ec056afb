import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { DirectoryReadModel, DirectorySnapshot } from '../directory/index.js';
import { NotFoundError } from '../errors/index.js';
import {
  budgetEventEntity,
  budgetPeriodEntity,
  type BudgetEventKind,
  type BudgetEventRow,
  type BudgetPeriodRow,
} from '../store/index.js';
import { indexDirectory, type BudgetDirectory } from './budget-directory.js';
import { periodContaining, type CalendarSettings } from './budget-period.js';
import { creditFor, firedPercents, heldLineLocks } from './budget-period-store.js';
import { allowanceOf, isSpent, percentUsed, type CountingRules } from './budget-rules.js';
import { findBudgetForHistory, loadBudgets } from './budget-store.js';
import type { Budget, SubjectId } from './budget-types.js';
import { callWatermark, sumSpend } from './spend-query.js';

export interface SubjectStatus {
  /** 0 for the whole budget; the member's user id for a per-member budget. */
  subject: SubjectId;
  name: string;
  baseMinor: number;
  carriedInMinor: number;
  creditMinor: number;
  allowanceMinor: number;
  spentMinor: number;
  remainingMinor: number;
  percentUsed: number;
  exhausted: boolean;
  firedPercents: number[];
  lockedLineIds: number[];
}

export interface BudgetStatus {
  budget: Budget;
  /** Who the budget is for: a person, department or cost centre. */
  targetName: string;
  memberIds: number[];
  lineIds: number[];
  period: { key: string; start: Date; end: Date };
  subjects: SubjectStatus[];
}

export interface BudgetHistoryEntry {
  id: number;
  budgetId: number;
  subjectUserId: number | null;
  periodKey: string | null;
  at: Date;
  kind: BudgetEventKind;
  actor: string;
  amountMinor: number | null;
  detail: string;
  data: Record<string, unknown>;
}

export interface ClosedPeriod {
  subject: SubjectId;
  key: string;
  start: Date;
  end: Date;
  allowanceMinor: number;
  carriedInMinor: number;
  spentMinor: number;
}

/** Budget queries for the CLI, reports, SOAP and the web: derived from the store, so right in any process. */
export interface BudgetReadModel {
  list(): Promise<Budget[]>;
  /** By id (removed budgets too) or name (the live one, else the last removed one). */
  find(ref: number | string): Promise<Budget>;
  /** Where a budget stands in the period containing `at` (now by default). */
  status(ref: number | string, at?: Date): Promise<BudgetStatus>;
  history(
    ref: number | string,
    options?: { from?: Date; to?: Date; subject?: number; kinds?: BudgetEventKind[]; limit?: number },
  ): Promise<BudgetHistoryEntry[]>;
  /** Closed periods, newest first. */
  periods(ref: number | string, options?: { limit?: number }): Promise<ClosedPeriod[]>;
}

export interface BudgetReadModelDeps {
  dataSource: DataSource;
  clock: Clock;
  calendar: CalendarSettings;
  rules: CountingRules;
  defaultLanguage: string;
  directory: Pick<DirectoryReadModel, 'snapshot'>;
  /**
   * The budget engine's running figures of a budget's current period (`BudgetEngine.live`), null where this
   * process's engine does not follow it: a current status takes its spend from them instead of summing the
   * period's calls again (a department's month is most of a million calls at 10M).
   */
  live?: (budgetId: number) => Array<{ subject: SubjectId; periodKey: string; spentMinor: number }> | null;
}

export function createBudgetReadModel(deps: BudgetReadModelDeps): BudgetReadModel {
  const m = deps.dataSource.manager;
  // The index of a snapshot is built once: a cached snapshot (the web's, see createCachedSnapshot) is the same
  // object until `directory.changed`, which gives a new snapshot and so a new index; a fresh snapshot each call
  // (the CLI) is indexed each call, as before.
  const indexes = new WeakMap<DirectorySnapshot, BudgetDirectory>();
  async function directoryIndex(): Promise<BudgetDirectory> {
    const snapshot = await deps.directory.snapshot();
    let index = indexes.get(snapshot);
    if (!index) indexes.set(snapshot, (index = indexDirectory(snapshot, deps.defaultLanguage)));
    return index;
  }

  async function find(ref: number | string): Promise<Budget> {
    const b = await findBudgetForHistory(m, ref);
    if (!b) throw new NotFoundError(`no budget ${typeof ref === 'number' ? `#${ref}` : `"${ref}"`}`);
    return b;
  }

  return {
    list: () => loadBudgets(m),
    find,

    async status(ref, at) {
      const budget = await find(ref);
      const now = at ?? deps.clock.now();
      const period = periodContaining(now, budget.period, deps.calendar);
      const directory = await directoryIndex();
      const memberIds = directory.members(budget);
      const rows = await m
        .getRepository<BudgetPeriodRow>(budgetPeriodEntity.options.name)
        .findBy({ budgetId: budget.id, startsAt: period.start.getTime() });
      const live = at === undefined ? deps.live?.(budget.id) : null;
      const sums =
        live?.length && live.every((l) => l.periodKey === period.key)
          ? new Map(live.map((l) => [l.subject, l.spentMinor]))
          : await sumSpend(m, budget, deps.rules, { from: period.start, to: period.end }, await callWatermark(m));
      const subjects =
        budget.sharing === 'per-member'
          ? [...new Set([...memberIds, ...rows.map((r) => r.subjectUserId), ...sums.keys()])].sort((a, b) => a - b)
          : [0];
      const fired = await firedPercents(
        m,
        rows.map((r) => r.id),
      );
      const held = (await heldLineLocks(m, budget.id)).filter((h) => rows.some((r) => r.id === h.periodId));
      const result: SubjectStatus[] = [];
      for (const subject of subjects) {
        const row = rows.find((r) => r.subjectUserId === subject);
        const figures = row ?? {
          baseMinor: budget.amountMinor,
          carriedInMinor: 0,
          creditMinor: await creditFor(m, budget.id, subject, period.start.getTime()),
        };
        const allowance = allowanceOf(figures);
        const spent = sums.get(subject) ?? 0;
        result.push({
          subject,
          name: directory.subjectName(budget, subject),
          baseMinor: figures.baseMinor,
          carriedInMinor: figures.carriedInMinor,
          creditMinor: figures.creditMinor,
          allowanceMinor: allowance,
          spentMinor: spent,
          remainingMinor: Math.max(0, allowance - spent),
          percentUsed: percentUsed(spent, allowance),
          exhausted: isSpent(spent, allowance),
          firedPercents: row ? [...(fired.get(row.id) ?? [])].sort((a, b) => a - b) : [],
          lockedLineIds: held.filter((h) => h.subjectUserId === subject).map((h) => h.lineId),
        });
      }
      return {
        budget,
        targetName: directory.subjectName(budget, 0),
        memberIds,
        lineIds: directory.linesOf(memberIds),
        period: { key: period.key, start: period.start, end: period.end },
        subjects: result,
      };
    },

    async history(ref, options = {}) {
      const budget = await find(ref);
      const qb = m
        .getRepository<BudgetEventRow>(budgetEventEntity.options.name)
        .createQueryBuilder('e')
        .where('e.budget_id = :id', { id: budget.id })
        .orderBy('e.at', 'DESC')
        .addOrderBy('e.id', 'DESC')
        .limit(Math.min(Math.max(options.limit ?? 100, 1), 10_000));
      if (options.from) qb.andWhere('e.at >= :from', { from: options.from.getTime() });
      if (options.to) qb.andWhere('e.at < :to', { to: options.to.getTime() });
      if (options.subject !== undefined) qb.andWhere('e.subject_user_id = :subject', { subject: options.subject });
      if (options.kinds?.length) qb.andWhere('e.kind IN (:...kinds)', { kinds: options.kinds });
      return (await qb.getMany()).map((e) => ({
        id: e.id,
        budgetId: e.budgetId,
        subjectUserId: e.subjectUserId,
        periodKey: e.periodKey,
        at: new Date(e.at),
        kind: e.kind,
        actor: e.actor,
        amountMinor: e.amountMinor,
        detail: e.detail,
        data: JSON.parse(e.data) as Record<string, unknown>,
      }));
    },

    async periods(ref, options = {}) {
      const budget = await find(ref);
      const rows = await m.getRepository<BudgetPeriodRow>(budgetPeriodEntity.options.name).find({
        where: { budgetId: budget.id, status: 'closed' },
        order: { startsAt: 'DESC', subjectUserId: 'ASC' },
        take: Math.min(Math.max(options.limit ?? 24, 1), 1000),
      });
      return rows.map((r) => ({
        subject: r.subjectUserId,
        key: r.periodKey,
        start: new Date(r.startsAt),
        end: new Date(r.endsAt),
        allowanceMinor: allowanceOf(r),
        carriedInMinor: r.carriedInMinor,
        spentMinor: r.spentMinor,
      }));
    },
  };
}
