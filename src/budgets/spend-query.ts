import type { EntityManager } from 'typeorm';
import { callEntity, callExtensionHourIndex, callHoursSql, callsOnExtensionsOfUsersSql } from '../store/index.js';
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

type SpendBudget = Pick<Budget, 'scope' | 'scopeId' | 'sharing' | 'currency' | 'excludedUserIds'>;

/**
 * The calls index a budget's sum is read through on SQLite: a user's budget through (hour, owner_extension)
 * (migrations 1796100000000-calls-owner-hour-indexes, 1797200000000-calls-owner-hour-keys), hour by hour over the
 * period, for the extensions the user made calls on (migration 1797400000000); any other through (started_at) over
 * the period. Left to itself, once ANALYZE has run, SQLite's planner
 * skip-scanned the user index over every user for a department or cost-centre budget: 4.8 s instead of 0.4 s for a
 * month of 10M calls, on the thread that asks (a budget's status on My budgets and the Budget Control gadget). The
 * report engine names its index for the same reason (src/reports/build-call-filter.ts).
 */
export function spendIndex(budget: Pick<Budget, 'scope'>): string {
  return budget.scope === 'user' ? callExtensionHourIndex : 'ix_calls_started_at';
}

/** The SQL and values `sumSpend` runs (its rows: `spent`, and `subject` for a per-member budget). */
export function spendSql(
  manager: EntityManager,
  budget: SpendBudget,
  rules: CountingRules,
  range: { from: Date; to: Date },
  watermark: number,
): { sql: string; values: unknown[] } {
  const start = Math.floor(range.from.getTime() / 1000);
  const end = Math.floor(range.to.getTime() / 1000);
  const qb = manager
    .getRepository(callEntity.options.name)
    .createQueryBuilder('c')
    .select('COALESCE(SUM(c.cost_minor), 0)', 'spent')
    .where('c.started_at >= :from AND c.started_at < :to', { from: start, to: end })
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
  if (budget.scope === 'user') {
    qb.andWhere(callHoursSql(start, end));
    qb.andWhere(callsOnExtensionsOfUsersSql(':scopeId', start, end));
  }
  if (budget.scope !== 'user' && budget.excludedUserIds.length > 0) {
    qb.andWhere('(c.owner_user_id IS NULL OR c.owner_user_id NOT IN (:...excluded))', {
      excluded: budget.excludedUserIds,
    });
  }
  if (budget.sharing === 'per-member') {
    qb.addSelect('c.owner_user_id', 'subject').andWhere('c.owner_user_id IS NOT NULL').groupBy('c.owner_user_id');
  }
  const [sql, values] = qb.getQueryAndParameters();
  if (manager.connection.options.type !== 'better-sqlite3') return { sql, values };
  const from = `FROM "${callEntity.options.tableName ?? 'calls'}" "c"`;
  if (!sql.includes(from)) throw new Error(`spend query without ${from}: ${sql}`);
  return { sql: sql.replace(from, `${from} INDEXED BY ${spendIndex(budget)}`), values };
}

/**
 * Spend of a budget in [from, to) from the stored calls with id ≤ watermark,
 * by subject (0, or each member for a per-member budget). The same rules as
 * `subjectOf`, in SQL.
 */
export async function sumSpend(
  manager: EntityManager,
  budget: SpendBudget,
  rules: CountingRules,
  range: { from: Date; to: Date },
  watermark: number,
): Promise<Map<SubjectId, number>> {
  const { sql, values } = spendSql(manager, budget, rules, range, watermark);
  const rows = (await manager.query(sql, values)) as Array<{ spent: string | number; subject?: string | number }>;
  const result = new Map<SubjectId, number>();
  if (budget.sharing === 'per-member') {
    for (const row of rows) result.set(Number(row.subject), Number(row.spent));
  } else {
    result.set(0, Number(rows[0]?.spent ?? 0));
  }
  return result;
}
