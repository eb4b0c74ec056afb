import type { EntityManager } from 'typeorm';
import {
  budgetEntity,
  budgetExclusionEntity,
  budgetThresholdEntity,
  type BudgetExclusionRow,
  type BudgetRow,
  type BudgetThresholdRow,
} from '../store/index.js';
import type { Budget, Threshold } from './budget-types.js';

/** A budget definition without the fields the store assigns. */
export type BudgetFields = Omit<Budget, 'id' | 'createdAt' | 'updatedAt' | 'revision' | 'removedAt'>;

const budgets = (m: EntityManager) => m.getRepository<BudgetRow>(budgetEntity.options.name);
const thresholds = (m: EntityManager) => m.getRepository<BudgetThresholdRow>(budgetThresholdEntity.options.name);
const exclusions = (m: EntityManager) => m.getRepository<BudgetExclusionRow>(budgetExclusionEntity.options.name);

/** Budgets not removed (or some of them, removed ones too if asked), with thresholds and exclusions. */
export async function loadBudgets(
  m: EntityManager,
  ids?: number[],
  options: { includeRemoved?: boolean } = {},
): Promise<Budget[]> {
  const qb = budgets(m)
    .createQueryBuilder('b')
    .where(options.includeRemoved ? '1 = 1' : 'b.removed_at IS NULL')
    .orderBy('b.id', 'ASC');
  if (ids) qb.andWhere('b.id IN (:...ids)', { ids: ids.length ? ids : [-1] });
  const rows = await qb.getMany();
  if (rows.length === 0) return [];
  const budgetIds = rows.map((r) => r.id);
  const [ts, xs] = await Promise.all([
    thresholds(m).createQueryBuilder('t').where('t.budget_id IN (:...budgetIds)', { budgetIds }).getMany(),
    exclusions(m).createQueryBuilder('x').where('x.budget_id IN (:...budgetIds)', { budgetIds }).getMany(),
  ]);
  return rows.map((r) =>
    toBudget(
      r,
      ts.filter((t) => t.budgetId === r.id),
      xs.filter((x) => x.budgetId === r.id),
    ),
  );
}

export async function findBudgetByName(m: EntityManager, name: string): Promise<Budget | null> {
  const row = await budgets(m)
    .createQueryBuilder('b')
    .where('b.removed_at IS NULL AND b.name = :name', { name })
    .getOne();
  return row ? ((await loadBudgets(m, [row.id]))[0] ?? null) : null;
}

/**
 * A budget by id or name for reading its past: an id finds a removed budget
 * too, and a name with no live budget finds the last removed one of that name.
 */
export async function findBudgetForHistory(m: EntityManager, ref: number | string): Promise<Budget | null> {
  if (typeof ref === 'number' || /^\d+$/.test(ref))
    return (await loadBudgets(m, [Number(ref)], { includeRemoved: true }))[0] ?? null;
  const live = await findBudgetByName(m, ref);
  if (live) return live;
  const row = await budgets(m)
    .createQueryBuilder('b')
    .where('b.name = :name', { name: ref })
    .orderBy('b.removed_at', 'DESC')
    .getOne();
  return row ? ((await loadBudgets(m, [row.id], { includeRemoved: true }))[0] ?? null) : null;
}

export async function insertBudget(m: EntityManager, fields: BudgetFields, now: number): Promise<number> {
  const saved = await budgets(m).save({
    name: fields.name,
    scope: fields.scope,
    scopeId: fields.scopeId,
    sharing: fields.sharing,
    period: fields.period,
    amountMinor: fields.amountMinor,
    currency: fields.currency,
    rollover: fields.rollover,
    rolloverCapMinor: fields.rolloverCapMinor,
    denyWhenSpent: fields.denyWhenSpent,
    createdAt: now,
    createdBy: fields.createdBy,
    updatedAt: now,
    revision: 1,
    removedAt: null,
  });
  await replaceThresholds(m, saved.id, fields.thresholds);
  await replaceExclusions(m, saved.id, fields.excludedUserIds);
  return saved.id;
}

export async function updateBudget(m: EntityManager, before: Budget, after: Budget, now: number): Promise<void> {
  await budgets(m).update(
    { id: before.id },
    {
      name: after.name,
      amountMinor: after.amountMinor,
      rollover: after.rollover,
      rolloverCapMinor: after.rolloverCapMinor,
      denyWhenSpent: after.denyWhenSpent,
      updatedAt: now,
      revision: before.revision + 1,
    },
  );
  await replaceThresholds(m, before.id, after.thresholds);
  await replaceExclusions(m, before.id, after.excludedUserIds);
}

export async function markRemoved(m: EntityManager, budget: Budget, now: number): Promise<void> {
  await budgets(m).update({ id: budget.id }, { removedAt: now, updatedAt: now, revision: budget.revision + 1 });
}

async function replaceThresholds(m: EntityManager, budgetId: number, list: Threshold[]): Promise<void> {
  await thresholds(m).delete({ budgetId });
  for (const t of list) {
    await thresholds(m).insert({
      budgetId,
      percent: t.percent,
      notifyUser: t.notifyUser,
      notifyManager: t.notifyManager,
      notifyAdmins: t.notifyAdmins,
      notifyExtra: t.notifyExtra.join(','),
      lockLines: t.lockLines,
    });
  }
}

async function replaceExclusions(m: EntityManager, budgetId: number, userIds: number[]): Promise<void> {
  await exclusions(m).delete({ budgetId });
  for (const userId of new Set(userIds)) await exclusions(m).insert({ budgetId, userId });
}

function toBudget(r: BudgetRow, ts: BudgetThresholdRow[], xs: BudgetExclusionRow[]): Budget {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    scopeId: r.scopeId,
    sharing: r.sharing,
    period: r.period,
    amountMinor: r.amountMinor,
    currency: r.currency,
    rollover: r.rollover,
    rolloverCapMinor: r.rolloverCapMinor,
    denyWhenSpent: r.denyWhenSpent,
    thresholds: ts
      .map((t) => ({
        percent: t.percent,
        notifyUser: t.notifyUser,
        notifyManager: t.notifyManager,
        notifyAdmins: t.notifyAdmins,
        notifyExtra: t.notifyExtra === '' ? [] : t.notifyExtra.split(','),
        lockLines: t.lockLines,
      }))
      .sort((a, b) => a.percent - b.percent),
    excludedUserIds: xs.map((x) => x.userId).sort((a, b) => a - b),
    createdAt: new Date(r.createdAt),
    createdBy: r.createdBy,
    updatedAt: new Date(r.updatedAt),
    revision: r.revision,
    removedAt: r.removedAt === null ? null : new Date(r.removedAt),
  };
}
