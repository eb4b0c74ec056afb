import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** The audit log of administrative and supervisor actions from every door (issue 14). */
export class AuditLog1795493000001 implements MigrationInterface {
  name = 'AuditLog1795493000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          col.id(),
          col.big('at'),
          col.str('actor', 120),
          col.str('role', 16),
          col.str('via', 8),
          col.str('from_address', 255),
          col.str('action', 40),
          col.str('target', 255),
          col.text('detail'),
        ],
        indices: [
          { name: 'ix_audit_log_at', columnNames: ['at'] },
          { name: 'ix_audit_log_actor_at', columnNames: ['actor', 'at'] },
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log', true);
  }
}
