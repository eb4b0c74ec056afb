import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** Line locks, their history, and line PINs with persistent brute-force counters (issue 5). */
export class Locks1795463987677 implements MigrationInterface {
  name = 'Locks1795463987677';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'line_locks',
        columns: [
          col.id(),
          { name: 'line_id', type: 'integer' },
          col.str('extension', 50),
          col.str('partition', 50),
          col.str('kind', 16),
          col.str('actor', 120),
          col.str('via', 16),
          col.str('reason', 255),
          col.big('created_at'),
        ],
        uniques: [{ name: 'uq_line_locks_line_kind', columnNames: ['line_id', 'kind'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'lock_history',
        columns: [
          col.id(),
          { name: 'line_id', type: 'integer' },
          col.str('extension', 50),
          col.str('partition', 50),
          col.big('at'),
          col.str('action', 20),
          col.nstr('kind', 16),
          col.str('actor', 120),
          col.str('via', 16),
          col.str('kinds_before', 40),
          col.str('kinds_after', 40),
          col.str('reason', 255),
        ],
        indices: [{ name: 'ix_lock_history_line_at', columnNames: ['line_id', 'at'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'line_pins',
        columns: [
          { name: 'line_id', type: 'integer', isPrimary: true },
          col.nstr('pin_hash', 255),
          col.bool('is_default', true),
          col.nbig('changed_at'),
          col.int('failed_attempts', 0),
          col.nbig('locked_until'),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['line_pins', 'lock_history', 'line_locks']) await q.dropTable(table, true);
  }
}
