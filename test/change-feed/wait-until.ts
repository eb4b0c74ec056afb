import { performance } from 'node:perf_hooks';

/** Checks `done` every 5 ms; resolves with the milliseconds it took, or rejects after `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (done()) return performance.now() - start;
    const elapsed = performance.now() - start;
    if (elapsed > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
