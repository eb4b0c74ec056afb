// Measures, on the main thread only, how long each synchronous better-sqlite3 call holds the event loop
// (Statement run/get/all and Database exec/pragma, grouped by a label the caller derives from the SQL) and
// how long each garbage collection paused it. Bench-only: it patches the driver's prototypes in this thread
// (worker threads load their own copy and are not measured).
// On a machine shared with other work, wall time mostly measures the wait for a core. Linux's schedstat of
// the main thread splits each call's wall time into time on a CPU, time runnable but waiting for a core
// (the machine's load) and the rest: time asleep in the kernel (disk reads, fsync, file locks).
import { openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';

export interface Durations {
  /** Wall time of each call, ms. */
  values: number[];
  /** Of which on a CPU, ms (the work itself, whatever the load). */
  cpu: number[];
  /** Of which asleep in the kernel (I/O, fsync, locks), ms. */
  blocked: number[];
}

/** The main thread's time on a CPU and waiting for one, ns (from /proc; zeros where there is none). */
function schedstatReader(): () => [number, number] {
  let fd: number;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return () => [0, 0];
  }
  const buffer = Buffer.alloc(128);
  return () => {
    const text = buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0));
    const [run, wait] = text.split(' ');
    return [Number(run), Number(wait)];
  };
}

export interface MainThreadProbe {
  /** Durations per label since the last reset (statements and 'gc'). */
  snapshot(): Map<string, Durations>;
  reset(): void;
  stop(): void;
  /**
   * Of the wall time between two instants (performance.now), how much the main thread spent runnable but
   * waiting for a core, ms (interpolated between the schedstat readings taken around each statement).
   */
  queuedBetween(from: number, to: number): number;
  /** The main thread's time on a CPU so far, ms (0 where there is no schedstat). */
  cpuMs(): number;
}

type Method = (this: { source?: string }, ...args: unknown[]) => unknown;

/** One measured statement: when it started (performance.now), its label and its durations, ms. */
export interface StatementTiming {
  label: string;
  start: number;
  wall: number;
  cpu: number;
  blocked: number;
}

export function probeMainThread(
  label: (sql: string) => string | null,
  observe?: (statement: StatementTiming) => void,
): MainThreadProbe {
  const require = createRequire(import.meta.url);
  const Database = require('better-sqlite3') as new (path: string) => {
    prepare(sql: string): object;
    close(): void;
  };
  const scratch = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<string, Method>;
  scratch.close();
  const databaseProto = Database.prototype as unknown as Record<string, Method>;
  const read = schedstatReader();
  // Cumulative time queued for a core, at instants: the readings queuedBetween interpolates.
  const at: number[] = [];
  const queued: number[] = [];
  const schedstat = (): [number, number] => {
    const reading = read();
    at.push(performance.now());
    queued.push(reading[1] / 1e6);
    return reading;
  };
  const queuedAt = (t: number): number => {
    let lo = 0;
    let hi = at.length - 1;
    if (hi < 0) return 0;
    if (t <= (at[0] as number)) return queued[0] as number;
    if (t >= (at[hi] as number)) return queued[hi] as number;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((at[mid] as number) <= t) lo = mid;
      else hi = mid;
    }
    const [t0, t1, q0, q1] = [at[lo], at[hi], queued[lo], queued[hi]] as number[];
    return t1 === t0
      ? (q1 as number)
      : (q0 as number) + (((q1 as number) - (q0 as number)) * (t - (t0 as number))) / ((t1 as number) - (t0 as number));
  };
  let times = new Map<string, Durations>();
  const record = (name: string, ms: number, cpu = 0, blocked = 0) => {
    let d = times.get(name);
    if (d === undefined) times.set(name, (d = { values: [], cpu: [], blocked: [] }));
    d.values.push(ms);
    d.cpu.push(cpu);
    d.blocked.push(blocked);
  };
  const restore: Array<() => void> = [];
  const wrap = (
    proto: Record<string, Method>,
    name: string,
    sqlOf: (self: { source?: string }, args: unknown[]) => string,
  ) => {
    const original = proto[name] as Method;
    proto[name] = function (this: { source?: string }, ...args: unknown[]) {
      const [run0, wait0] = schedstat();
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const wall = performance.now() - t0;
        const [run1, wait1] = schedstat();
        const cpu = (run1 - run0) / 1e6;
        const which = label(sqlOf(this, args));
        const blocked = Math.max(0, wall - cpu - (wait1 - wait0) / 1e6);
        if (which !== null) record(which, wall, cpu, blocked);
        if (which !== null) observe?.({ label: which, start: t0, wall, cpu, blocked });
      }
    };
    restore.push(() => (proto[name] = original));
  };
  for (const name of ['run', 'get', 'all']) wrap(statementProto, name, (self) => self.source ?? '');
  wrap(databaseProto, 'exec', (_, args) => String(args[0]));
  wrap(databaseProto, 'pragma', (_, args) => `PRAGMA ${String(args[0])}`);
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record('gc pause', entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    snapshot: () => times,
    reset: () => (times = new Map()),
    queuedBetween: (from, to) => queuedAt(to) - queuedAt(from),
    cpuMs: () => read()[0] / 1e6,
    stop() {
      gc.disconnect();
      for (const undo of restore) undo();
    },
  };
}
