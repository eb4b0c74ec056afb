import type { ReportScope } from './build-call-filter.js';
import type { ReportDatabase } from './report-database.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { createSqlParams } from './sql-dialect.js';

/** CURRI decisions of one outcome and reason in a period. */
export interface DecisionCount {
  outcome: string;
  reason: string;
  count: number;
  /** Mean time Tollgate took to answer, in microseconds. */
  averageLatencyUs: number;
}

/**
 * CURRI decisions counted by outcome and reason, most frequent first. The
 * decision log keeps instants in epoch milliseconds. A supervisor sees the
 * decisions about lines of their departments' users; decisions about no known
 * line are an administrator's.
 */
export async function countDecisionsByReason(
  db: ReportDatabase,
  period: ResolvedPeriod,
  scope: ReportScope,
): Promise<DecisionCount[]> {
  const params = createSqlParams(db.dialect);
  const where = [`d.decided_at >= ${params.add(period.from * 1000)}`, `d.decided_at < ${params.add(period.to * 1000)}`];
  if (scope.departments) {
    const names = scope.departments.length ? scope.departments.map((n) => params.add(n)).join(', ') : 'NULL';
    where.push(
      `d.line_id IN (SELECT l.id FROM lines l JOIN users u ON u.id = l.user_id JOIN departments dep ` +
        `ON dep.id = u.department_id WHERE dep.name IN (${names}))`,
    );
  }
  if (scope.username !== undefined) {
    where.push(
      `d.line_id IN (SELECT l.id FROM lines l JOIN users u ON u.id = l.user_id WHERE u.username = ` +
        `${params.add(scope.username)})`,
    );
  }
  const rows = await db.all(
    `SELECT k.outcome AS "outcome", k.reason AS "reason", COUNT(*) AS "count", AVG(d.latency_us) AS ` +
      `"latency" FROM curri_decisions d JOIN curri_decision_kinds k ON k.id = d.kind_id ` +
      `WHERE ${where.join(' AND ')} GROUP BY k.outcome, k.reason`,
    params.values,
  );
  return rows
    .map((r) => ({
      outcome: String(r.outcome),
      reason: String(r.reason),
      count: Number(r.count),
      averageLatencyUs: Math.round(Number(r.latency)),
    }))
    .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome) || a.reason.localeCompare(b.reason));
}
