import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/**
 * queued: waiting for (another) attempt; sending: an attempt is under way;
 * sent: the server accepted it; failed: given up (permanent refusal, attempts
 * exhausted, or interrupted mid-send and not retried so as never to send twice).
 */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** One e-mail to one recipient, rendered when queued. Instants are epoch ms. */
export interface OutboxRow {
  id: number;
  /** One row per event and recipient: a second enqueue of the same key is a no-op. */
  dedupeKey: string;
  recipient: string;
  subject: string;
  body: string;
  /** An HTML alternative to `body`, or null for plain text only. */
  html: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string;
  createdAt: number;
  sentAt: number | null;
  /** Which module queued it ('budget'), and its JSON context, handed back with the outcome. */
  origin: string;
  context: string;
}

const big = (name: string) => ({ name, type: 'bigint' as const, transformer: bigintAsNumber });

export const outboxEntity = new EntitySchema<OutboxRow>({
  name: 'Outbox',
  tableName: 'notify_outbox',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    dedupeKey: { name: 'dedupe_key', type: 'varchar', length: 255, unique: true },
    recipient: { type: 'varchar', length: 255 },
    subject: { type: 'varchar', length: 500 },
    body: { type: 'text' },
    html: { type: 'text', nullable: true },
    status: { type: 'varchar', length: 8 },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: big('next_attempt_at'),
    lastError: { name: 'last_error', type: 'varchar', length: 500, default: '' },
    createdAt: big('created_at'),
    sentAt: { ...big('sent_at'), nullable: true },
    origin: { type: 'varchar', length: 40, default: '' },
    context: { type: 'text', default: '{}' },
  },
});
