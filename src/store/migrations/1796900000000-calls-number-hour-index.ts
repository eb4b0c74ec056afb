import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a call list filtered by the remote number (the "number" filter: who called us on incoming calls,
 * whom we called otherwise), on SQLite, through `(hour, remote number)`. Without it the list scanned
 * the period's calls newest first until a page matched: 34 ms for "0049" at 10M calls, about 400 ms for a
 * prefix no call of the month has. Keyed by the hour first like the per-owner indexes (migration
 * 1796100000000), so a commit's rows land in the current hour's region; readers name the period's hours and
 * order by the hour first (src/reports/build-call-filter.ts). The expression is the report field's
 * (`REMOTE_NUMBER_SQL`, src/reports/call-fields.ts): SQLite matches an index expression by its form.
 * No started_at in the key: a prefix range within an hour returns its calls by number, so they are sorted by
 * start hour by hour anyway, and the key is 5 bytes shorter (22 bytes a call at 10M calls, 27 with it).
 * PostgreSQL keeps matching the number on each side without an index (its ingest pays for every index).
 */
export class CallsNumberHourIndex1796900000000 implements MigrationInterface {
  name = 'CallsNumberHourIndex1796900000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    await q.query(
      'CREATE INDEX ix_calls_number_hour ON calls ((started_at / 3600), ' +
        "(CASE WHEN direction = 'incoming' THEN calling_number ELSE dialled_number END))",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    await q.query('DROP INDEX ix_calls_number_hour');
  }
}
