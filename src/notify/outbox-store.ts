import type { DataSource, EntityManager } from 'typeorm';
import { outboxEntity, type OutboxRow, type OutboxStatus } from '../store/index.js';

/** A rendered e-mail to queue. */
export interface OutgoingMessage {
  /** The same key twice is one message: the second is ignored. */
  dedupeKey: string;
  recipient: string;
  subject: string;
  body: string;
  origin: string;
  context: Record<string, unknown>;
}

/**
 * Queues messages inside the caller's transaction, so a message exists exactly
 * when the event that caused it was recorded. Returns the rows newly queued.
 */
export async function insertOutgoing(manager: EntityManager, messages: OutgoingMessage[], now: number): Promise<OutboxRow[]> {
  const repo = manager.getRepository<OutboxRow>(outboxEntity.options.name);
  const queued: OutboxRow[] = [];
  for (const m of messages) {
    if (await repo.existsBy({ dedupeKey: m.dedupeKey })) continue;
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        dedupeKey: m.dedupeKey,
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
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
    if (row) queued.push(row);
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
