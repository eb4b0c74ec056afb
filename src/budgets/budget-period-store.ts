import type { EntityManager } from 'typeorm';
import {
  budgetAdjustmentEntity,
  budgetFiringEntity,
  budgetLineLockEntity,
  budgetPeriodEntity,
  type BudgetAdjustmentRow,
  type BudgetFiringRow,
  type BudgetLineLockRow,
  type BudgetPeriodRow,
} from '../store/index.js';

const periods = (m: EntityManager) => m.getRepository<BudgetPeriodRow>(budgetPeriodEntity.options.name);
const firings = (m: EntityManager) => m.getRepository<BudgetFiringRow>(budgetFiringEntity.options.name);
const adjustments = (m: EntityManager) => m.getRepository<BudgetAdjustmentRow>(budgetAdjustmentEntity.options.name);
const lineLocks = (m: EntityManager) => m.getRepository<BudgetLineLockRow>(budgetLineLockEntity.options.name);

export type NewPeriod = Omit<BudgetPeriodRow, 'id'>;

export async function openPeriodRows(m: EntityManager, budgetId?: number): Promise<BudgetPeriodRow[]> {
  return periods(m).find({
    where: budgetId === undefined ? { status: 'open' } : { status: 'open', budgetId },
    order: { id: 'ASC' },
  });
}

export async function latestPeriodRow(
  m: EntityManager,
  budgetId: number,
  subjectUserId: number,
): Promise<BudgetPeriodRow | null> {
  return periods(m).findOne({ where: { budgetId, subjectUserId }, order: { startsAt: 'DESC' } });
}

/** Periods of one subject starting at or after an instant, oldest first. */
export async function periodRowsFrom(
  m: EntityManager,
  budgetId: number,
  subjectUserId: number,
  startsAt: number,
): Promise<BudgetPeriodRow[]> {
  return periods(m)
    .createQueryBuilder('p')
    .where('p.budget_id = :budgetId AND p.subject_user_id = :subjectUserId AND p.starts_at >= :startsAt', {
      budgetId,
      subjectUserId,
      startsAt,
    })
    .orderBy('p.starts_at', 'ASC')
    .getMany();
}

/** The period row holding an instant for a subject, if one was ever opened. */
export async function periodRowAt(
  m: EntityManager,
  budgetId: number,
  subjectUserId: number,
  at: number,
): Promise<BudgetPeriodRow | null> {
  return periods(m)
    .createQueryBuilder('p')
    .where(
      'p.budget_id = :budgetId AND p.subject_user_id = :subjectUserId AND p.starts_at <= :at AND p.ends_at > :at',
      { budgetId, subjectUserId, at },
    )
    .getOne();
}

export async function insertPeriod(m: EntityManager, row: NewPeriod): Promise<BudgetPeriodRow> {
  return periods(m).save({ ...row });
}

export async function updatePeriod(m: EntityManager, id: number, changes: Partial<NewPeriod>): Promise<void> {
  await periods(m).update({ id }, changes);
}

export async function firedPercents(m: EntityManager, periodIds: number[]): Promise<Map<number, Set<number>>> {
  const result = new Map<number, Set<number>>();
  if (periodIds.length === 0) return result;
  const rows = await firings(m)
    .createQueryBuilder('f')
    .where('f.period_id IN (:...periodIds)', { periodIds })
    .getMany();
  for (const r of rows) result.set(r.periodId, (result.get(r.periodId) ?? new Set()).add(r.percent));
  return result;
}

/** Records a firing; false when this threshold already fired in the period (then nothing else may happen). */
export async function insertFiring(m: EntityManager, row: BudgetFiringRow): Promise<boolean> {
  if (await firings(m).existsBy({ periodId: row.periodId, percent: row.percent })) return false;
  await firings(m).insert(row);
  return true;
}

export async function creditFor(
  m: EntityManager,
  budgetId: number,
  subjectUserId: number,
  periodStartsAt: number,
): Promise<number> {
  const row = (await adjustments(m)
    .createQueryBuilder('a')
    .select('COALESCE(SUM(a.amount_minor), 0)', 'credit')
    .where('a.budget_id = :budgetId AND a.subject_user_id = :subjectUserId AND a.period_starts_at = :periodStartsAt', {
      budgetId,
      subjectUserId,
      periodStartsAt,
    })
    .getRawOne()) as { credit: string | number } | undefined;
  return Number(row?.credit ?? 0);
}

export async function insertAdjustment(m: EntityManager, row: Omit<BudgetAdjustmentRow, 'id'>): Promise<void> {
  await adjustments(m).insert(row);
}

export async function heldLineLocks(m: EntityManager, budgetId?: number): Promise<BudgetLineLockRow[]> {
  return lineLocks(m).find({ where: budgetId === undefined ? {} : { budgetId } });
}

export async function insertLineLock(m: EntityManager, row: BudgetLineLockRow): Promise<boolean> {
  if (await lineLocks(m).existsBy({ budgetId: row.budgetId, subjectUserId: row.subjectUserId, lineId: row.lineId }))
    return false;
  await lineLocks(m).insert(row);
  return true;
}

/** Releases what a budget (or one subject of it) holds; returns the lines released. */
export async function releaseLineLocks(
  m: EntityManager,
  budgetId: number,
  subjectUserId?: number,
  lineIds?: number[],
): Promise<number[]> {
  const qb = lineLocks(m).createQueryBuilder('l').where('l.budget_id = :budgetId', { budgetId });
  if (subjectUserId !== undefined) qb.andWhere('l.subject_user_id = :subjectUserId', { subjectUserId });
  if (lineIds) qb.andWhere('l.line_id IN (:...lineIds)', { lineIds: lineIds.length ? lineIds : [-1] });
  const rows = await qb.getMany();
  for (const r of rows)
    await lineLocks(m).delete({ budgetId: r.budgetId, subjectUserId: r.subjectUserId, lineId: r.lineId });
  return [...new Set(rows.map((r) => r.lineId))];
}

/** Of these lines, those some budget still holds a lock on. */
export async function linesStillHeld(m: EntityManager, lineIds: number[]): Promise<Set<number>> {
  if (lineIds.length === 0) return new Set();
  const rows = await lineLocks(m).createQueryBuilder('l').where('l.line_id IN (:...lineIds)', { lineIds }).getMany();
  return new Set(rows.map((r) => r.lineId));
}
