/** Lets pending I/O (a CURRI request) run before more synchronous SQLite work. */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface SerialQueue {
  /** Runs the job after every job queued before it has settled (a failed job does not stop the queue). */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void>;
}

/**
 * Runs async jobs one after another, so a module's read-decide-write sequences
 * (the budget engine's state and tables, a lock change's read, decision and
 * write) happen in one order: the store keeps transactions from interleaving,
 * but a read made before the transaction is the caller's to order. Each job
 * starts on a fresh turn of the event loop: better-sqlite3 answers on the
 * calling thread, so a chain of queries would otherwise hold waiting requests
 * until the whole chain is done.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      const result = tail.then(yieldToIo).then(job);
      tail = result.catch(() => undefined);
      return result;
    },
    async idle(): Promise<void> {
      let seen: Promise<unknown>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
