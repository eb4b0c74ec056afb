import { EntitySchema } from 'typeorm';

/**
 * A file sent with one queued e-mail, stored with it (base64 text: the same
 * column type on SQLite and PostgreSQL) so that a retry after a restart sends
 * the same bytes; deleted once the message is sent or given up.
 */
export interface OutboxAttachmentRow {
  id: number;
  outboxId: number;
  filename: string;
  contentType: string;
  contentBase64: string;
}

export const outboxAttachmentEntity = new EntitySchema<OutboxAttachmentRow>({
  name: 'OutboxAttachment',
  tableName: 'notify_attachments',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    outboxId: { name: 'outbox_id', type: 'integer' },
    filename: { type: 'varchar', length: 200 },
    contentType: { name: 'content_type', type: 'varchar', length: 120 },
    contentBase64: { name: 'content_base64', type: 'text' },
  },
});
