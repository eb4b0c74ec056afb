import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Files an e-mail carries (issue 16: a report sent from the web portal as Excel
 * or PDF): a JSON list of { filename, contentType, content (base64) }, empty for
 * the notices that carry none.
 */
export class OutboxAttachments1795620000000 implements MigrationInterface {
  name = 'OutboxAttachments1795620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('notify_outbox', new TableColumn({ name: 'attachments', type: 'text', default: "'[]'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notify_outbox', 'attachments');
  }
}
