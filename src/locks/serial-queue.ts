/**
 * Runs tasks one after another. The lock and PIN writes are read-modify-write
 * sequences (read the locks, decide, write lock and history): the store keeps
 * transactions from interleaving, but the read comes before the transaction,
 * so the service orders the whole sequence itself.
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
