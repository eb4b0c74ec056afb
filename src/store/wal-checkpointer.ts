import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../worker-thread.js';
import type { WalCheckpointerData, WalCheckpointReply } from './wal-checkpointer-worker.js';
import type { Logger } from '../logging/index.js';

/** Passive passes in a row before the writers are made to wait. */
const PASSES = 4;

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
   * WAL frames above which one more pass runs while the main connection's
   * writers wait: a writer that never pauses (a transaction open across the
   * end of every pass) would otherwise keep the WAL from ever restarting.
   */
  maxWalFrames: number;
  /** Runs a job while no transaction of the main connection is open (the store's turns). */
  alone: <T>(job: () => Promise<T>) => Promise<T>;
}

export interface WalCheckpointer {
  /** One checkpoint now (the timer's are the same). */
  checkpoint(): Promise<CheckpointOutcome>;
  stop(): Promise<void>;
}

/**
 * Checkpoints a SQLite WAL from a thread of its own (docs/architecture.md,
 * Store): SQLite's automatic checkpoint runs inside whichever COMMIT crosses
 * its threshold, on the committing thread, copying a thousand pages and
 * syncing the file while the event loop waits. The main connection turns it
 * off and this runs PASSIVE checkpoints on a timer instead. A failure is
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

  function passive(): Promise<Result> {
    worker ??= start();
    const w = worker;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id });
    });
  }

  async function checkpointOnce(): Promise<CheckpointOutcome> {
    // The WAL restarts only when a writer finds every frame copied, so a pass that writes came in during is
    // followed at once by another: each has only the frames of the last to copy, and one soon fits in a pause.
    let pass = await passive();
    for (let i = 1; i < PASSES && pass.checkpointed < pass.log; i++) pass = await passive();
    // Frames counted since the WAL last restarted: many mean writers kept it from restarting (a transaction
    // open across each pass's end), whether or not this pass copied them all.
    if (pass.log <= settings.maxWalFrames) {
      return { walFrames: pass.log, checkpointedFrames: pass.checkpointed, exclusive: false };
    }
    // A writer that never pauses: copy the rest (usually nothing) while the main connection's writers wait,
    // so the next one finds every frame copied and starts the WAL afresh.
    pass = await settings.alone(passive);
    log.debug({ walFrames: pass.log, checkpointed: pass.checkpointed }, 'WAL checkpointed while writers waited');
    return { walFrames: pass.log, checkpointedFrames: pass.checkpointed, exclusive: true };
  }

  function checkpoint(): Promise<CheckpointOutcome> {
    running ??= checkpointOnce().finally(() => (running = null));
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      checkpoint().then(
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
