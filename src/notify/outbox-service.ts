import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock.js';
import type { SmtpConfig } from '../config/index.js';
import type { OutboxRow } from '../store/index.js';
import {
  attachmentsOf,
  dropAttachments,
  dueMessages,
  insertOutgoing,
  messagesInStatus,
  transition,
  type OutgoingMessage,
} from './outbox-store.js';
import { classifyFailure, createSmtpMailer } from './smtp-mailer.js';

export interface OutboxOutcome {
  message: OutboxRow;
  result: 'sent' | 'retrying' | 'failed';
  at: Date;
  /** Why it failed (this attempt, or for good). */
  error?: string;
  nextAttemptAt?: number;
}

/** Records an outcome in the origin's own tables, inside the transaction that updates the message. */
export type OutcomeRecorder = (manager: EntityManager, outcome: OutboxOutcome) => Promise<void>;

export interface OutboxService {
  /** Queues inside the caller's transaction; call `kick()` after it commits. */
  enqueue(manager: EntityManager, messages: OutgoingMessage[]): Promise<OutboxRow[]>;
  onOutcome(origin: string, recorder: OutcomeRecorder): void;
  /** Sends what is due soon, off the caller's path. */
  kick(): void;
  /** Sends every message due now; resolves with how many were attempted. */
  runOnce(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface OutboxDeps {
  dataSource: DataSource;
  smtp: SmtpConfig;
  clock: Clock;
  log: Logger;
  pollIntervalMs?: number;
  /**
   * Several daemons: messages are sent only by the daemon holding the `notify-outbox` lease
   * (absent: always here). On its first run it records sends its predecessor left unfinished as failed.
   */
  runExclusive?: (name: string, fn: (run: { firstRun: boolean }) => Promise<void>) => Promise<boolean>;
}

const INTERRUPTED = 'interrupted while sending (Tollgate stopped); not resent, so that it is never delivered twice';

/**
 * The e-mail outbox: messages are rows queued with the event that caused them,
 * sent later by this loop with retries and exponential backoff. A row marked
 * sent is never sent again; a send cut off by a crash is not retried, because
 * the server may already have accepted it.
 */
export function createOutboxService(deps: OutboxDeps): OutboxService {
  const log = deps.log.child({ module: 'notify' });
  const mailer = createSmtpMailer(deps.smtp);
  const recorders = new Map<string, OutcomeRecorder>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  // A process that never started its outbox (a CLI command) leaves sending to the daemon: a send it began
  // could be cut off when it exits, and a cut-off send is never retried.
  let started = false;

  async function settle(
    message: OutboxRow,
    from: OutboxRow['status'],
    outcome: Omit<OutboxOutcome, 'message' | 'at'>,
    changes: Parameters<typeof transition>[3],
  ) {
    await deps.dataSource.transaction(async (manager) => {
      if (!(await transition(manager, message.id, from, changes))) return;
      if (changes.status === 'sent' || changes.status === 'failed') await dropAttachments(manager, message.id);
      const recorder = recorders.get(message.origin);
      if (recorder) await recorder(manager, { message: { ...message, ...changes }, at: deps.clock.now(), ...outcome });
    });
  }

  function backoffMs(attempts: number): number {
    const base = deps.smtp.retryDelaySeconds * 1000;
    return Math.min(deps.smtp.maxRetryDelaySeconds * 1000, base * 2 ** Math.max(0, attempts - 1));
  }

  async function attempt(row: OutboxRow): Promise<void> {
    const attempts = row.attempts + 1;
    if (!(await transition(deps.dataSource.manager, row.id, 'queued', { status: 'sending', attempts }))) return;
    const message = { ...row, attempts, status: 'sending' as const };
    const mlog = log.child({ outboxId: row.id, recipient: row.recipient });
    try {
      const attachments = await attachmentsOf(deps.dataSource, row.id);
      const html = row.html ?? undefined;
      await mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        html,
        attachments,
        messageId: `<tollgate.${row.id}.${row.createdAt}@tollgate>`,
      });
    } catch (err) {
      const failure = mailer.configured ? classifyFailure(err) : { permanent: true, reason: (err as Error).message };
      if (!mailer.configured) {
        // Announced once at start (warn); each notice is still recorded as not sent.
        mlog.info({ subject: row.subject }, 'e-mail not sent: SMTP is not configured');
        await settle(
          message,
          'sending',
          { result: 'failed', error: failure.reason },
          { status: 'failed', lastError: failure.reason },
        );
      } else if (failure.permanent || attempts >= deps.smtp.maxAttempts) {
        mlog.error({ err, attempts }, 'e-mail not delivered; giving up');
        await settle(
          message,
          'sending',
          { result: 'failed', error: failure.reason },
          { status: 'failed', lastError: failure.reason },
        );
      } else {
        const nextAttemptAt = deps.clock.now().getTime() + backoffMs(attempts);
        mlog.warn({ err, attempts, nextAttemptAt: new Date(nextAttemptAt) }, 'e-mail not delivered; will retry');
        await settle(
          message,
          'sending',
          { result: 'retrying', error: failure.reason, nextAttemptAt },
          { status: 'queued', lastError: failure.reason, nextAttemptAt },
        );
      }
      return;
    }
    mlog.info({ subject: row.subject }, 'e-mail sent');
    await settle(
      message,
      'sending',
      { result: 'sent' },
      { status: 'sent', sentAt: deps.clock.now().getTime(), lastError: '' },
    );
  }

  async function drain(): Promise<number> {
    let count = 0;
    do {
      again = false;
      for (;;) {
        const due = await dueMessages(deps.dataSource, deps.clock.now().getTime(), 20);
        for (const row of due) {
          if (stopped) return count;
          await attempt(row);
          count++;
        }
        if (due.length < 20) break;
      }
    } while (again && !stopped);
    return count;
  }

  /** Sends cut off by a crash: the server may have accepted them, so they are recorded as failed, never resent. */
  async function failInterrupted(): Promise<void> {
    for (const row of await messagesInStatus(deps.dataSource, 'sending')) {
      log.warn({ outboxId: row.id, recipient: row.recipient }, 'e-mail send was interrupted; recorded as failed');
      await settle(
        row,
        'sending',
        { result: 'failed', error: INTERRUPTED },
        { status: 'failed', lastError: INTERRUPTED },
      );
    }
  }

  function runOnce(): Promise<number> {
    if (stopped) return Promise.resolve(0);
    if (running) {
      again = true;
      return running;
    }
    const exclusive = deps.runExclusive;
    const run = exclusive
      ? (async () => {
          let count = 0;
          await exclusive('notify-outbox', async ({ firstRun }) => {
            if (firstRun) await failInterrupted();
            count = await drain();
          });
          return count;
        })()
      : drain();
    running = run
      .catch((err: unknown) => {
        log.warn({ err }, 'outbox run failed; will try again');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    enqueue: (manager, messages) => insertOutgoing(manager, messages, deps.clock.now().getTime()),
    onOutcome(origin, recorder) {
      recorders.set(origin, recorder);
    },
    kick() {
      if (started && !stopped) setImmediate(() => void (stopped ? undefined : runOnce()));
    },
    runOnce,
    async start() {
      stopped = false;
      started = true;
      // In a cluster another daemon may be sending right now: only the lease's new holder cleans up (runOnce).
      if (!deps.runExclusive) await failInterrupted();
      if (!mailer.configured) log.warn('smtp.host is empty: budget notices are recorded but not sent');
      timer = setInterval(() => void runOnce(), deps.pollIntervalMs ?? 5000);
      timer.unref();
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running;
      mailer.close();
    },
  };
}
