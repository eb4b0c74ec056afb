import type { MigrationInterface, QueryRunner } from 'typeorm';
import { withoutSqliteTriggers } from './sqlite-triggers.js';

/**
 * Issue 18: calls lose `ingested_at`, the time of the batch that stored each call (5 bytes a call on SQLite). Only
 * the health check and the ingest status read it, for the newest call; the ledger answers that: a call's file
 * (`file_id`) says when it was stored (`cdr_files.finished_at`), and the last file that stored calls says when the
 * newest were (src/cdr-collector/ingest-status-read-model.ts). No index or trigger names the column. `down` adds it
 * back, each call at its file's end, else its own start (a call not from a file keeps no ingest time).
 */
export class CallsWithoutIngestedAt1797300000000 implements MigrationInterface {
  name = 'CallsWithoutIngestedAt1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await withoutSqliteTriggers(q, async () => {
      await q.query('ALTER TABLE calls DROP COLUMN ingested_at');
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE calls ADD COLUMN ingested_at bigint NOT NULL DEFAULT 0');
    // cdr_files keeps epoch milliseconds, the calls epoch seconds.
    await q.query(
      'UPDATE calls SET ingested_at = COALESCE((SELECT f.finished_at / 1000 FROM cdr_files f ' +
        'WHERE f.id = calls.file_id), started_at)',
    );
  }
}
