import type { Logger } from 'pino';
import type { CurriDecisionRow } from '../src/store/index.js';
import type { DecisionOutcome, DecisionReason } from './call-decision.js';

/** One answered CURRI request, as kept for reports (a `curri_decisions` row). */
export type DecisionRecord = Omit<CurriDecisionRow, 'id' | 'outcome' | 'reason'> & { outcome: DecisionOutcome; reason: DecisionReason };

export interface DecisionRecorder {
  /** Queues a record; never blocks and never throws. */
  record(record: DecisionRecord): void;
  /** Writes everything queued now. */
  flush(): Promise<void>;
  start(): void;
  /** Stops the timer and writes what is left. */
  stop(): Promise<void>;
  readonly queued: number;
}

export interface DecisionRecorderDeps {
  write(records: DecisionRecord[]): Promise<void>;
  logger: Logger;
  flushIntervalMs: number;
  batchSize: number;
  maxQueued: number;
  onDropped(count: number): void;
}

/**
 * Batches decision records off the request path: a timer writes them in
 * batches, yielding to the event loop between batches so that a CURRI answer
 * never waits behind more than one. When the database is down the queue keeps
 * up to maxQueued records and retries; beyond that the oldest are dropped and counted.
 */
export function createDecisionRecorder(deps: DecisionRecorderDeps): DecisionRecorder {
  let queue: DecisionRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let failing = false;
  // Records at the head of the queue being written right now: never dropped.
  let inFlight = 0;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, deps.batchSize);
      inFlight = batch.length;
      try {
        await deps.write(batch);
      } catch (err) {
        if (!failing) deps.logger.warn({ err, queued: queue.length }, 'CURRI decisions: cannot record, will retry');
        failing = true;
        return;
      } finally {
        inFlight = 0;
      }
      if (failing) deps.logger.info({ queued: queue.length }, 'CURRI decisions: recording again');
      failing = false;
      queue = queue.slice(batch.length);
      if (queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  const flushSoon = () => void flush();

  function flush(): Promise<void> {
    flushing ??= drain().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return {
    record(record) {
      queue.push(record);
      // A full batch goes at once (started on a later turn, never within this answer): records kept
      // for a whole flush interval outlive V8's young generation and cost far more to collect.
      if (queue.length === deps.batchSize && timer !== null && flushing === null) setImmediate(flushSoon);
      if (queue.length > deps.maxQueued) {
        const excess = queue.length - deps.maxQueued;
        queue.splice(inFlight, excess);
        deps.onDropped(excess);
      }
    },
    flush,
    start() {
      if (timer) return;
      timer = setInterval(() => void flush(), deps.flushIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await flushing;
      await flush();
    },
    get queued() {
      return queue.length;
    },
  };
}
