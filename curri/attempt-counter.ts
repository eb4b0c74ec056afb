/**
 * External call attempts per line in a sliding window, for the toll-fraud
 * burst rule. Keeps at most `limit` instants per line (enough to tell whether
 * the limit is reached) and forgets idle lines.
 */
export interface AttemptCounter {
  /** Attempts of the line within the window ending at `nowMs`. */
  count(lineId: number, nowMs: number): number;
  record(lineId: number, nowMs: number): void;
  /** True the first time a line is seen over the limit since it last was under it. */
  startBurst(lineId: number): boolean;
}

export function createAttemptCounter(options: { windowMs: number; limit: number }): AttemptCounter {
  const attempts = new Map<number, number[]>();
  const bursting = new Set<number>();
  let recordsSinceSweep = 0;

  function prune(lineId: number, list: number[], nowMs: number): number[] {
    const from = nowMs - options.windowMs;
    let first = 0;
    while (first < list.length && (list[first] as number) <= from) first++;
    if (first === 0) return list;
    const kept = list.slice(first);
    if (kept.length === 0) {
      attempts.delete(lineId);
      bursting.delete(lineId);
    } else {
      attempts.set(lineId, kept);
    }
    return kept;
  }

  function sweep(nowMs: number) {
    for (const [lineId, list] of attempts) prune(lineId, list, nowMs);
  }

  return {
    count(lineId, nowMs) {
      const list = attempts.get(lineId);
      if (!list) return 0;
      const n = prune(lineId, list, nowMs).length;
      if (n < options.limit) bursting.delete(lineId);
      return n;
    },
    record(lineId, nowMs) {
      const list = attempts.get(lineId);
      if (list) {
        list.push(nowMs);
        if (list.length > options.limit) list.splice(0, list.length - options.limit);
      } else {
        attempts.set(lineId, [nowMs]);
      }
      if (++recordsSinceSweep >= 10_000) {
        recordsSinceSweep = 0;
        sweep(nowMs);
      }
    },
    startBurst(lineId) {
      if (bursting.has(lineId)) return false;
      bursting.add(lineId);
      return true;
    },
  };
}
