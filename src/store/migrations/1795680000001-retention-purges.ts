import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** retention_purges: one row per purge of a kind that deleted rows (src/retention); cdr_rejects by age for it. */
export class RetentionPurges1795680000001 implements MigrationInterface {
  name = 'RetentionPurges1795680000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'retention_purges',
        columns: [
          col.id(),
          col.str('kind', 64),
          col.big('cutoff'),
          col.int('deleted'),
          col.big('started_at'),
          col.big('finished_at'),
        ],
        indices: [{ name: 'ix_retention_purges_started', columnNames: ['started_at'] }],
      }),
    );
    await q.query('CREATE INDEX ix_cdr_rejects_created ON cdr_rejects (created_at)');
    await q.query('CREATE INDEX ix_cdr_files_received ON cdr_files (received_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_cdr_files_received');
    await q.query('DROP INDEX ix_cdr_rejects_created');
    await q.dropTable('retention_purges');
  }
}
