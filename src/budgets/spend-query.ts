import type { EntityManager } from 'typeorm';
import { callEntity } from '../store/index.js';
import type { CountingRules } from './budget-rules.js';
import type { Budget, SubjectId } from './budget-types.js';

/**
 * The highest call id stored now. Sums are taken up to it, and calls announced
 * with a higher id are added on top: a call is counted exactly once whichever
 * of the two sees it first.
 */
export async function callWatermark(manager: EntityManager): Promise<number> {
  const row = (await manager
    .getRepository(callEntity.options.name)
    .createQueryBuilder('c')
    .select('MAX(c.id)', 'max')
    .getRawOne()) as { max: string | number | null } | undefined;
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max);
}

/**
 * Spend of a budget in [from, to) from the stored calls with id ≤ watermark,
 * by subject (0, or each member for a per-member budget). The same rules as
 * `subjectOf`, in SQL.
 */
export async function sumSpend(
  manager: EntityManager,
  budget: Pick<Budget, 'scope' | 'scopeId' | 'sharing' | 'currency' | 'excludedUserIds'>,
  rules: CountingRules,
  range: { from: Date; to: Date },
  watermark: number,
): Promise<Map<SubjectId, number>> {
  const qb = manager
    .getRepository(callEntity.options.name)
    .createQueryBuilder('c')
    .select('COALESCE(SUM(c.cost_minor), 0)', 'spent')
    .where('c.started_at >= :from AND c.started_at < :to', {
      from: Math.floor(range.from.getTime() / 1000),
      to: Math.floor(range.to.getTime() / 1000),
    })
    .andWhere('c.id <= :watermark', { watermark })
    .andWhere('c.cost_minor IS NOT NULL AND c.currency = :currency', { currency: budget.currency })
    .andWhere('c.direction IN (:...directions)', { directions: [...rules.directions] });
  if (rules.destinationTypes) qb.andWhere('c.destination_type IN (:...types)', { types: [...rules.destinationTypes] });
  const column =
    budget.scope === 'user'
      ? 'c.owner_user_id'
      : budget.scope === 'department'
        ? 'c.department_id'
        : 'c.cost_centre_id';
  qb.andWhere(`${column} = :scopeId`, { scopeId: budget.scopeId });
  if (budget.scope !== 'user' && budget.excludedUserIds.length > 0) {
    qb.andWhere('(c.owner_user_id IS NULL OR c.owner_user_id NOT IN (:...excluded))', {
      excluded: budget.excludedUserIds,
    });
  }
  const result = new Map<SubjectId, number>();
  if (budget.sharing === 'per-member') {
    qb.addSelect('c.owner_user_id', 'subject').andWhere('c.owner_user_id IS NOT NULL').groupBy('c.owner_user_id');
    for (const row of (await qb.getRawMany()) as Array<{ spent: string | number; subject: string | number }>) {
      result.set(Number(row.subject), Number(row.spent));
    }
  } else {
    const row = (await qb.getRawOne()) as { spent: string | number } | undefined;
    result.set(0, Number(row?.spent ?? 0));
  }
  return result;
}
