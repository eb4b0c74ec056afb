import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: no `(hour, owner_user_id)` index on the calls. A user's calls are found through the extension's index
 * instead: the daily rollup by line (`call_summaries_daily_line`, keyed by extension and user, kept from the calls
 * since migration 1795970000000) names the extensions the user's calls of a period were made on, and the calls of
 * those extensions' hours are read through `(hour, owner_extension)` and kept where the user is theirs
 * (`callsOnExtensionsOfUsersSql`, src/call-layout/call-summaries.ts). Every stored call paid the index: 16 of the
 * 336 bytes a call cost on SQLite at 1M calls (bench/cdr-ingest.bench.ts), and one more B-tree insert per call. No
 * call is touched; `down` builds the index again.
 */
export class CallsWithoutUserHourIndex1797400000000 implements MigrationInterface {
  name = 'CallsWithoutUserHourIndex1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_calls_user_hour');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_calls_user_hour ON calls ((started_at / 3600), owner_user_id)');
  }
}
