import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: no `(unknown_extension, started_at)` index on the calls. No query reads through it: the report engine
 * names the index each call list is read by (time's, or the extension's or the number's hour index), and the
 * unknown-extensions alarm and report filter the period's calls read through time's. Yet every call of an
 * extension the directory does not know paid for it, and in extension order: before a directory is imported every
 * call is of an unknown extension, and each commit dirtied pages all over the index. With an empty directory the
 * store thread spent 22.7 µs of CPU a call against 12–15 µs without the index, and 1M records took 27.9 s to
 * ingest against 15–18 s (bench/cdr-ingest.bench.ts with CDR_BENCH_EMPTY_DIRECTORY=1). No call is touched; `down`
 * builds the index again.
 */
export class CallsWithoutUnknownExtensionIndex1797700000000 implements MigrationInterface {
  name = 'CallsWithoutUnknownExtensionIndex1797700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_calls_unknown_extension_started');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX ix_calls_unknown_extension_started ON calls (unknown_extension, started_at) ' +
        "WHERE unknown_extension <> ''",
    );
  }
}
