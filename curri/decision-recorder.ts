import type { Logger } from 'pino';
import type { DecisionOutcome, DecisionReason } from './call-decision.js';

/** One answered CURRI request, as kept for reports (a row of the view `curri_decision_log`). */
export interface DecisionRecord {
  decidedAt: Date;
  /** The ECC profile context (/curri/<context>); '' for /curri. */
  context: string;
  callingNumber: string;
  calledNumber: string;
  transformedCallingNumber: string;
  transformedCalledNumber: string;
  callingDeviceName: string;
  triggerPoint: string;
  lineId: number | null;
  outcome: DecisionOutcome;
  reason: DecisionReason;
  /** Divert destination; '' otherwise. */
  destination: string;
  /** Time Tollgate took to answer, in microseconds. */
  latencyUs: number;
}

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
  // The queue is items[head…]: taking a batch or dropping the oldest moves `head` (O(1) per
  // record even when the database is down and the queue full); the array is compacted now and then.
  let items: DecisionRecord[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let failing = false;
  // Records taken out for the write in progress: counted as queued, never dropped.
  let inFlight = 0;

  const waiting = () => items.length - head;

  /** Moves the head past `n` records (taken or dropped), compacting the array once most of it is behind the head. */
  function advance(n: number): void {
    head += n;
    if (head === items.length) {
      items = [];
      head = 0;
    } else if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  }

  function dropOldestBeyondCap(): void {
    const excess = waiting() - deps.maxQueued;
    if (excess <= 0) return;
    advance(excess);
    deps.onDropped(excess);
  }

  async function drain(): Promise<void> {
    while (waiting() > 0) {
      const batch = items.slice(head, head + deps.batchSize);
      advance(batch.length);
      inFlight = batch.length;
      try {
        await deps.write(batch);
      } catch (err) {
        // Back at the front, the oldest first; the cap applies again.
        items = batch.concat(items.slice(head));
        head = 0;
        inFlight = 0;
        dropOldestBeyondCap();
        if (!failing) deps.logger.warn({ err, queued: waiting() }, 'CURRI decisions: cannot record, will retry');
        failing = true;
        return;
      }
      inFlight = 0;
      if (failing) deps.logger.info({ queued: waiting() }, 'CURRI decisions: recording again');
      failing = false;
      if (waiting() > 0) await new Promise<void>((resolve) => setImmediate(resolve));
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
      items.push(record);
      const queued = waiting();
      // A full batch goes at once (started on a later turn, never within this answer): records kept
      // for a whole flush interval outlive V8's young generation and cost far more to collect.
      if (queued === deps.batchSize && timer !== null && flushing === null) setImmediate(flushSoon);
      if (queued > deps.maxQueued) dropOldestBeyondCap();
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
      return waiting() + inFlight;
    },
  };
}
