import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, retention of alarm and report history: the purge deletes report_runs by `ran_at` and finished
 * schedule_runs by `finished_at`, batch by batch (src/retention). Neither had an index leading with that column,
 * so each batch of a purge would scan its table (schedule_runs grows by a row per run of every scheduled report
 * and alarm). alarm_history has had ix_alarm_history_ran since it was created.
 */
export class HistoryRetentionIndexes1797600000000 implements MigrationInterface {
  name = 'HistoryRetentionIndexes1797600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_report_runs_ran ON report_runs (ran_at)');
    await q.query('CREATE INDEX ix_schedule_runs_finished ON schedule_runs (finished_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_schedule_runs_finished');
    await q.query('DROP INDEX ix_report_runs_ran');
  }
}
