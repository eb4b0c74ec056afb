import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The UTC hour of a call's start, as the per-owner indexes key it. Queries name it in exactly this form
 * (`c.started_at / 3600`, both engines match an index expression by its form): src/store/call-columns.ts
 * `callHoursSql` renders it.
 */
const HOUR = '(started_at / 3600)';

/**
 * Issue 18: the per-owner calls indexes keyed by hour first, `(hour, owner, started_at)` instead of
 * `(day, owner, started_at)`. A commit's rows (2,000 calls, minutes of traffic) all land in the current bucket's
 * region of each index, at random places in it: a day's region of a busy cluster (170k calls a day in the ingest
 * bench) spans about a thousand pages per index, so each commit dirtied most of them; an hour's spans a few dozen.
 * Measured (`STORE_BENCH_SQL`, bench/sqlite-store-cpu.bench.ts): the two indexes cost the store thread about
 * 10 µs a call by day, about 6 by hour. Readers name the hours of their period (`hour IN (…)`). No call is
 * touched: only two indexes are replaced, on SQLite and PostgreSQL alike (an expression index on both).
 */
export class CallsOwnerHourIndexes1796100000000 implements MigrationInterface {
  name = 'CallsOwnerHourIndexes1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_calls_user_day');
    await q.query('DROP INDEX ix_calls_extension_day');
    await q.query(`CREATE INDEX ix_calls_user_hour ON calls (${HOUR}, owner_user_id, started_at)`);
    await q.query(`CREATE INDEX ix_calls_extension_hour ON calls (${HOUR}, owner_extension, started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_calls_user_hour');
    await q.query('DROP INDEX ix_calls_extension_hour');
    await q.query('CREATE INDEX ix_calls_user_day ON calls ((started_at / 86400), owner_user_id, started_at)');
    await q.query('CREATE INDEX ix_calls_extension_day ON calls ((started_at / 86400), owner_extension, started_at)');
  }
}
