import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** E-mail with attachments (scheduled reports, issue 17) and an optional HTML body (alarms). */
export class OutboxAttachments1795630000001 implements MigrationInterface {
  name = 'OutboxAttachments1795630000001';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('notify_outbox', new TableColumn({ name: 'html', type: 'text', isNullable: true }));
    await q.createTable(
      new Table({
        name: 'notify_attachments',
        columns: [
          col.id(),
          { name: 'outbox_id', type: 'integer' },
          col.str('filename', 200),
          col.str('content_type', 120),
          col.text('content_base64'),
        ],
      }),
      true,
    );
    await q.createIndex(
      'notify_attachments',
      new TableIndex({ name: 'ix_notify_attachments_outbox', columnNames: ['outbox_id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notify_attachments');
    await q.dropColumn('notify_outbox', 'html');
  }
}
