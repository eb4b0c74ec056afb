import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The UTC hour of a call's start in the form queries name it (`callHourSql`, src/call-layout/call-columns.ts). */
const HOUR = '(started_at / 3600)';

/**
 * Issue 18: the per-owner calls indexes keyed `(hour, owner)`, without started_at. An owner's calls of one hour are
 * few (a busy line makes a few dozen), so a reader sorts them hour by hour as the number index's readers already do
 * (migration 1796900000000), and the budget's sum reads each call's row anyway for its cost. Every stored call
 * pays the key: at 1M calls started_at was 5 of the 25 and 22 bytes the two indexes cost a call on SQLite
 * (bench/cdr-ingest.bench.ts), 8 on PostgreSQL. No call is touched; the names stay, so readers that name the
 * index (INDEXED BY) are unchanged.
 */
export class CallsOwnerHourKeys1797200000000 implements MigrationInterface {
  name = 'CallsOwnerHourKeys1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_calls_user_hour');
    await q.query('DROP INDEX ix_calls_extension_hour');
    await q.query(`CREATE INDEX ix_calls_user_hour ON calls (${HOUR}, owner_user_id)`);
    await q.query(`CREATE INDEX ix_calls_extension_hour ON calls (${HOUR}, owner_extension)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_calls_user_hour');
    await q.query('DROP INDEX ix_calls_extension_hour');
    await q.query(`CREATE INDEX ix_calls_user_hour ON calls (${HOUR}, owner_user_id, started_at)`);
    await q.query(`CREATE INDEX ix_calls_extension_hour ON calls (${HOUR}, owner_extension, started_at)`);
  }
}
