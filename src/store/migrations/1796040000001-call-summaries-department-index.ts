import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: a supervisor's trends by day in a time zone with an offset (Europe/Rome: days start at 22:00 or 23:00
 * UTC) cannot be added up from the daily rollups, whose days are UTC's: they read the hourly call_summaries of the
 * period, which were indexed by hour only. A week of them is 127,000 rows at 10M calls, all read to keep one
 * department's 2,500 (40 ms). Indexed by department and hour, the supervisor's query seeks its rows (0.9 ms).
 * call_summaries rows are appended per ingest batch (about 0.66 a call): each adds one entry, at the present hour
 * of its department.
 */
export class CallSummariesDepartmentIndex1796040000001 implements MigrationInterface {
  name = 'CallSummariesDepartmentIndex1796040000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_call_summaries_department ON call_summaries (department_id, started_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_call_summaries_department');
  }
}
