import { performance } from 'node:perf_hooks';

/**
 * Ingest gives way to a busy daemon. The daemon's thread (CURRI, phone
 * services, web) measures how busy its event loop was over the last tenth of
 * a second and raises a flag in memory it shares with the ingest worker; while
 * the flag is up, the worker pauses after each batch for twice as long as the
 * batch took. Call control keeps the CPU it needs during a traffic peak, and
 * a backlog of CDRs catches up once it quiets. With the daemon idle (or no
 * daemon: `tollgate ingest`) nothing pauses.
 */

/** The daemon's event loop counts as busy above this share of time spent working. */
const busyUtilization = 0.5;
const sampleMs = 100;
/** Pause per batch, as a multiple of the batch's own time: ingest keeps a third of its pace. */
const pauseFactor = 2;
const longestPauseMs = 2000;

/** Run on the daemon's thread: keeps `shared` (handed to the worker) telling whether the event loop is busy. */
export function startBusyMonitor(shared: SharedArrayBuffer): { stop(): void } {
  const flag = new Int32Array(shared);
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    Atomics.store(flag, 0, utilization > busyUtilization ? 1 : 0);
  }, sampleMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      Atomics.store(flag, 0, 0);
    },
  };
}

/** A new flag to share: one 32-bit word, 1 while the daemon is busy. */
export function createBusyFlag(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Run in the worker after each batch: how long to pause given the batch took `workedMs`. */
export function createIngestPacer(shared: SharedArrayBuffer | undefined): { pauseAfter(workedMs: number): number } {
  const flag = shared ? new Int32Array(shared) : null;
  return {
    pauseAfter: (workedMs) =>
      flag !== null && Atomics.load(flag, 0) === 1 ? Math.min(longestPauseMs, Math.round(workedMs * pauseFactor)) : 0,
  };
}
