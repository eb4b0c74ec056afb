import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** V8's full collection, made reachable for a test without starting node with --expose-gc. */
const collect = runInNewContext('gc') as () => void;

/**
 * Bytes of V8 heap that `make` leaves held, measured after full collections (what a sync keeps
 * alive at once, not its garbage). The result is kept reachable until measured.
 */
export function heapHeldBy<T>(make: () => T): { bytes: number; result: T } {
  collect();
  const before = process.memoryUsage().heapUsed;
  const result = make();
  collect();
  const bytes = process.memoryUsage().heapUsed - before;
  return { bytes, result };
}
