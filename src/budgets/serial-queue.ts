/** Lets pending I/O (a CURRI request) run before more synchronous SQLite work. */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs async jobs one after another, so engine state and its tables change in
 * one order. Each job starts on a fresh turn of the event loop: better-sqlite3
 * answers on the calling thread, so a chain of queries would otherwise hold
 * requests waiting until the whole job is done.
 */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      const result = tail.then(yieldToIo).then(job);
      tail = result.catch(() => undefined);
      return result;
    },
    /** Resolves when every job queued so far has finished. */
    async idle(): Promise<void> {
      let seen: Promise<unknown>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
