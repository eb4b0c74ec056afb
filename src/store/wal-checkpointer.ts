import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../worker-thread.js';
import type { WalCheckpointerData, WalCheckpointReply, WalCheckpointRequest } from './wal-checkpointer-worker.js';
import type { Logger } from '../logging/index.js';

/** Passive passes in a row before the writers are made to wait. */
const PASSES = 4;
/** Passive passes at most while a bulk writer waits at the gate. */
const ROOM_PASSES = 8;

export interface CheckpointOutcome {
  /** Frames in the WAL when the checkpoint ran. */
  walFrames: number;
  /** Of which now copied into the database file (all of them: the next writer starts the WAL afresh). */
  checkpointedFrames: number;
  /** Whether it ran while the main connection's writers waited (the WAL had outgrown `maxWalFrames`). */
  exclusive: boolean;
}

export interface WalCheckpointerSettings {
  path: string;
  log: Logger;
  /** Pause between checkpoints, ms. */
  intervalMs: number;
  /**
   * WAL frames above which one more pass runs while all the main connection's
   * writers wait: a writer that never pauses (a transaction open across the
   * end of every pass) and skips the bulk write gate would otherwise keep the
   * WAL from ever restarting. A last resort: short transactions wait for it.
   */
  maxWalFrames: number;
  /**
   * WAL frames a bulk writer may add before it waits at the gate (`room`) for
   * the passes that let the WAL restart; below `maxWalFrames`, so bulk writers
   * pay for the WAL they grow and the last resort is not reached (default: half).
   */
  bulkWalFrames?: number;
  /**
   * Frames not yet copied below which the timer's tick copies nothing (it only counts them: a NOOP checkpoint),
   * unless `maxDelayMs` passed since the last pass; default: half of `maxWalFrames`. A bulk writer on another
   * connection (the CDR ingest's store thread commits about 1,400 frames a batch) would otherwise have each
   * index and rollup page it writes again and again copied again at every tick.
   */
  minFrames?: number;
  /** Longest a frame waits for a pass, however few there are, ms (default: 5 ticks). */
  maxDelayMs?: number;
  /** Runs a job while no transaction of the main connection is open (the store's turns). */
  alone: <T>(job: () => Promise<T>) => Promise<T>;
}

export interface WalCheckpointer {
  /** One checkpoint now (the timer's are the same). */
  checkpoint(): Promise<CheckpointOutcome>;
  /**
   * The bulk write gate: for a bulk writer between two chunks (none of its transactions open). At once while
   * the WAL has grown less than `bulkWalFrames` since the last wait; else after passes run while the writer
   * waits, until one finds every frame copied and none come in: its next chunk then starts the WAL afresh.
   * Never fails (a failed pass is the timer's to report).
   */
  room(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Checkpoints a SQLite WAL from a thread of its own (docs/architecture.md,
 * Store): SQLite's automatic checkpoint runs inside whichever COMMIT crosses
 * its threshold, on the committing thread, copying a thousand pages and
 * syncing the file while the event loop waits. The main connection turns it
 * off and this runs PASSIVE checkpoints on a timer instead: at a tick when
 * `minFrames` wait to be copied or the last pass is `maxDelayMs` old (a tick
 * that finds fewer only counts them). A failure is
 * logged (warn: the WAL only grows until the next one works) and retried on
 * the next tick; the thread is restarted when it died.
 */
export function createWalCheckpointer(settings: WalCheckpointerSettings): WalCheckpointer {
  const log = settings.log.child({ module: 'store', part: 'checkpointer' });
  type Result = { busy: number; log: number; checkpointed: number };
  const pending = new Map<number, { resolve(r: Result): void; reject(err: Error): void }>();
  let worker: Worker | null = null;
  let nextId = 1;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let failures = 0;
  let running: Promise<CheckpointOutcome> | null = null;
  let makingRoom: Promise<void> | null = null;
  const bulkWalFrames = settings.bulkWalFrames ?? Math.floor(settings.maxWalFrames / 2);
  const minFrames = settings.minFrames ?? Math.floor(settings.maxWalFrames / 2);
  const maxDelayMs = settings.maxDelayMs ?? settings.intervalMs * 5;
  /** Frames in the WAL at the last pass's start (SQLite counts them from the WAL's last restart). */
  let walFrames = 0;
  let lastPassAt = -Infinity;
  /** Frames the bulk writers' last wait left (a reader kept them); 0 once the WAL restarts. */
  let paidUpTo = 0;

  function start(): Worker {
    const workerData: WalCheckpointerData = { path: settings.path };
    const w = startWorkerThread(new URL('./wal-checkpointer-worker.ts', import.meta.url), { workerData });
    w.unref();
    w.on('message', (m: WalCheckpointReply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if ('error' in m) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
    });
    const fail = (err: Error) => {
      if (worker === w) worker = null;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.on('error', fail);
    w.on('exit', () => fail(new Error('the checkpointer thread stopped')));
    return w;
  }

  function ask(mode: WalCheckpointRequest['mode']): Promise<Result> {
    worker ??= start();
    const w = worker;
    const id = nextId++;
    return new Promise<Result>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, mode } satisfies WalCheckpointRequest);
    });
  }

  function passive(): Promise<Result> {
    const t0 = performance.now();
    return ask('PASSIVE').then((pass) => {
      walFrames = pass.log;
      lastPassAt = performance.now();
      if (pass.log < paidUpTo) paidUpTo = 0; // the WAL restarted since
      // Each pass with its duration (debug): what a writer may have met, for `bench/transaction-latency`.
      log.debug({ walFrames: pass.log, checkpointed: pass.checkpointed, ms: performance.now() - t0 }, 'WAL pass');
      return pass;
    });
  }

  async function checkpointOnce(): Promise<CheckpointOutcome> {
    // The WAL restarts only when a writer finds every frame copied, so a pass that writes came in during is
    // followed at once by another: each has only the frames of the last to copy, and one soon fits in a pause.
    let pass = await passive();
    for (let i = 1; i < PASSES && pass.checkpointed < pass.log; i++) pass = await passive();
    // Frames counted since the WAL last restarted: many mean writers kept it from restarting (a transaction
    // open across each pass's end), whether or not this pass copied them all. Unless a bulk writer waits at the
    // gate: then it is not writing, and the gate's passes let the WAL restart without anybody else waiting.
    if (pass.log <= settings.maxWalFrames || makingRoom !== null) {
      return { walFrames: pass.log, checkpointedFrames: pass.checkpointed, exclusive: false };
    }
    // A writer that never pauses: copy the rest (usually nothing) while the main connection's writers wait,
    // so the next one finds every frame copied and starts the WAL afresh.
    let ms = 0; // from the turn's start: how long the writers waited
    pass = await settings.alone(async () => {
      const t0 = performance.now();
      const alone = await passive();
      ms = performance.now() - t0;
      return alone;
    });
    log.debug({ walFrames: pass.log, checkpointed: pass.checkpointed, ms }, 'WAL checkpointed while writers waited');
    return { walFrames: pass.log, checkpointedFrames: pass.checkpointed, exclusive: true };
  }

  function checkpoint(): Promise<CheckpointOutcome> {
    running ??= checkpointOnce().finally(() => (running = null));
    return running;
  }

  /** The timer's tick: a checkpoint when enough frames wait to be copied, or the oldest has waited long enough. */
  async function tick(): Promise<void> {
    if (performance.now() - lastPassAt < maxDelayMs) {
      const count = await ask('NOOP');
      if (count.log < paidUpTo) paidUpTo = 0; // the WAL restarted since
      walFrames = count.log;
      if (count.log - count.checkpointed < minFrames) return;
    }
    await checkpoint();
  }

  async function makeRoom(): Promise<void> {
    const t0 = performance.now();
    // A pass copies the frames there were when it began; short transactions go on meanwhile. The next pass
    // tells whether any came in: when none did (or the WAL restarted) and all are copied, the writer's next
    // write starts the WAL afresh.
    let pass = await passive();
    let settled = false;
    for (let i = 1; i < ROOM_PASSES && !settled && pass.checkpointed === pass.log; i++) {
      const next = await passive();
      settled = next.checkpointed === next.log && next.log <= pass.log;
      pass = next;
    }
    if (settled) {
      walFrames = 0; // restarted by the next write, whoever makes it
      paidUpTo = 0;
    } else if (pass.checkpointed < pass.log) {
      // A reader's snapshot keeps frames from being copied: waiting more would not help until it ends, so the
      // writer waits again only once the WAL has grown as much again. (Else short transactions kept coming
      // during every pass: the next chunk waits again.)
      paidUpTo = pass.log;
    }
    const ms = performance.now() - t0;
    log.debug(
      { walFrames: pass.log, checkpointed: pass.checkpointed, settled, ms },
      'a bulk writer waited for a checkpoint',
    );
  }

  function room(): Promise<void> {
    if (stopped) return Promise.resolve();
    // While a bulk writer writes, passes follow each other more closely than the timer's: the frames it adds
    // are copied as it goes, and the count the gate reads is at most about one pass old.
    if (running === null && makingRoom === null && performance.now() - lastPassAt > settings.intervalMs / 4) {
      void checkpoint().catch(() => undefined); // a failure is the timer's to report
    }
    if (walFrames - paidUpTo <= bulkWalFrames) return Promise.resolve();
    makingRoom ??= makeRoom()
      .catch(() => undefined)
      .finally(() => (makingRoom = null));
    return makingRoom;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      tick().then(
        () => {
          if (failures > 0) log.info({ failures }, 'WAL checkpoints work again');
          failures = 0;
          schedule();
        },
        (err: unknown) => {
          failures++;
          log.warn({ err, failures }, 'WAL checkpoint failed; retrying on the next tick');
          schedule();
        },
      );
    }, settings.intervalMs);
    timer.unref();
  }

  // Started now, not at the first tick: a thread on the TypeScript sources takes a moment to load.
  worker = start();
  schedule();
  return {
    checkpoint,
    room,
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await running?.catch(() => undefined);
      const w = worker;
      worker = null;
      if (w !== null) await w.terminate();
    },
  };
}
