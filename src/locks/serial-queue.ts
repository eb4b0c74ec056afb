/**
 * Runs tasks one after another. The lock and PIN writes are read-modify-write
 * sequences; better-sqlite3 shares one connection, so the service serialises
 * them itself rather than rely on overlapping transactions.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
