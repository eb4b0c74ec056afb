import type { DataSource, EntityManager } from 'typeorm';
import {
  outboxAttachmentEntity,
  outboxEntity,
  type OutboxAttachmentRow,
  type OutboxRow,
  type OutboxStatus,
} from '../store/index.js';

/** A rendered e-mail to queue. */
export interface OutgoingMessage {
  /** The same key twice is one message: the second is ignored. */
  dedupeKey: string;
  recipient: string;
  subject: string;
  body: string;
  /** An HTML alternative to the plain-text body. */
  html?: string;
  /** Files sent with the message, stored with it until it is sent or given up. */
  attachments?: MailAttachment[];
  origin: string;
  context: Record<string, unknown>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Queues messages inside the caller's transaction, so a message exists exactly
 * when the event that caused it was recorded. Returns the rows newly queued.
 */
export async function insertOutgoing(
  manager: EntityManager,
  messages: OutgoingMessage[],
  now: number,
): Promise<OutboxRow[]> {
  const repo = manager.getRepository<OutboxRow>(outboxEntity.options.name);
  const queued: OutboxRow[] = [];
  for (const m of messages) {
    if (await repo.existsBy({ dedupeKey: m.dedupeKey })) continue;
    const attachments = m.attachments ?? [];
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        dedupeKey: m.dedupeKey,
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
        html: m.html ?? null,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        lastError: '',
        createdAt: now,
        sentAt: null,
        origin: m.origin,
        context: JSON.stringify(m.context),
      })
      .orIgnore()
      .execute();
    const row = await repo.findOneBy({ dedupeKey: m.dedupeKey });
    if (!row) continue;
    queued.push(row);
    if (
      attachments.length > 0 &&
      !(await manager.getRepository(outboxAttachmentEntity.options.name).existsBy({ outboxId: row.id }))
    ) {
      await manager.getRepository<OutboxAttachmentRow>(outboxAttachmentEntity.options.name).insert(
        attachments.map((a) => ({
          outboxId: row.id,
          filename: a.filename,
          contentType: a.contentType,
          contentBase64: a.content.toString('base64'),
        })),
      );
    }
  }
  return queued;
}

export async function dueMessages(ds: DataSource, now: number, limit: number): Promise<OutboxRow[]> {
  return ds
    .getRepository<OutboxRow>(outboxEntity.options.name)
    .createQueryBuilder('o')
    .where('o.status = :status AND o.next_attempt_at <= :now', { status: 'queued', now })
    .orderBy('o.id', 'ASC')
    .limit(limit)
    .getMany();
}

/** Moves a row from one status to another only if it is still in the first; true if this caller won. */
export async function transition(
  manager: EntityManager,
  id: number,
  from: OutboxStatus,
  changes: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt'>>,
): Promise<boolean> {
  const result = await manager
    .getRepository<OutboxRow>(outboxEntity.options.name)
    .createQueryBuilder()
    .update()
    .set(changes)
    .where('id = :id AND status = :from', { id, from })
    .execute();
  return (result.affected ?? 0) > 0;
}

export async function messagesInStatus(ds: DataSource, status: OutboxStatus): Promise<OutboxRow[]> {
  return ds.getRepository<OutboxRow>(outboxEntity.options.name).findBy({ status });
}

/** The files queued with a message. */
export async function attachmentsOf(ds: DataSource, outboxId: number): Promise<MailAttachment[]> {
  const rows = await ds
    .getRepository<OutboxAttachmentRow>(outboxAttachmentEntity.options.name)
    .find({ where: { outboxId }, order: { id: 'ASC' } });
  return rows.map((r) => ({
    filename: r.filename,
    contentType: r.contentType,
    content: Buffer.from(r.contentBase64, 'base64'),
  }));
}

/** Drops a settled message's files: it is never sent again. */
export async function dropAttachments(manager: EntityManager, outboxId: number): Promise<void> {
  await manager.getRepository<OutboxAttachmentRow>(outboxAttachmentEntity.options.name).delete({ outboxId });
}
