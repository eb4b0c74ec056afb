// Lock-change commit latency while a re-rating of 1M stored calls runs on the
// same SQLite connection (issue 22: transactions take turns on the one
// connection, so a long unit of work must not hold a short one back).
// The daemon is composed as in production (SQLite in WAL mode, every module on
// one DataSource); the calls are the reports benchmark's data set (bench/reports-data.ts,
// 1M calls over 2024, about 620k of them outgoing or transit, all re-rated with
// the bundled sample plans, so nearly every page of 200 rewrites all its rows).
// Every 50 ms a lock is set or cleared through the lock service (read, one
// transaction of lock + history row, read back); the latency runs from the
// change's scheduled time to its answer (so a held event loop counts).
// Measured first with nothing else running (the reference), then during the
// re-rating. On a machine shared with other work, compare the ratios, and read
// the main thread's time per statement on a CPU and asleep in the kernel (from
// schedstat, bench/main-thread-probe.ts): those do not grow with the load. When
// a lock change takes longer than 50 ms (a loaded machine) the schedule falls
// behind and the latencies grow with the backlog: then only those tables say anything.
// Per lock change it also says what it met of the WAL checkpointer: the time its transaction waited while a
// checkpoint pass held the connection (target: none), and its statements' time asleep in the kernel while a
// pass ran (the disk they share). The re-rating, a bulk writer, waits for passes between its pages instead.
// Usage: npm run bench -- transaction-latency   (TX_BENCH_CALLS=1000000, TX_BENCH_REFERENCE=100,
// BENCH_DATA_DIR=/tmp/<branch> for the cached data set)
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { configSchema } from '../src/config/index.js';
import { composeTollgate } from '../src/compose.js';
import { createDataSource } from '../src/store/index.js';
import { loadTariffBook } from '../src/tariff-plans/index.js';
import { probeMainThread, type Durations, type StatementTiming } from './main-thread-probe.js';
import { benchDataDir, cachedReportsData } from './reports-data.js';

const total = Number(process.env.TX_BENCH_CALLS ?? 1_000_000);
const referenceSamples = Number(process.env.TX_BENCH_REFERENCE ?? 100);
const INTERVAL_MS = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const summary = (values: number[]) => ({
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: Math.max(...values),
});
const fmt = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

const path = await cachedReportsData(total);
console.log(`using the data set ${path}`);
// The re-rating rewrites the calls: work on a copy so the reports benchmark keeps its data set.
const work = join(benchDataDir(), `transaction-latency-${process.pid}.db`);
const db = createDataSource({ url: `sqlite:${path}` });
await db.initialize();
await db.query(`VACUUM INTO '${work.replaceAll("'", "''")}'`);
await db.destroy();

const config = configSchema.parse({
  logging: { level: 'silent' },
  database: { url: `sqlite:${work}` },
  sites: {
    default: {
      country: 'IT',
      nationalPrefix: '',
      internationalPrefix: '00',
      pstnAccessCode: '',
      internalPatterns: ['^2[0-9]{4}$'],
      timeZone: 'Europe/Rome',
    },
  },
});
/** A span of time (performance.now, ms). */
interface Span {
  from: number;
  to: number;
}
// The store's WAL checkpointer logs (debug) each pass with its duration, the passes that made writers wait,
// and each wait of a bulk writer at the gate; a line is written as its pass ends.
const passes: Span[] = [];
const exclusivePasses: Span[] = [];
const gateWaits: number[] = [];
const storeLog = pino(
  { level: 'debug' },
  {
    write(line: string) {
      const entry = JSON.parse(line) as { msg: string; ms?: number };
      const to = performance.now();
      const span = { from: to - (entry.ms ?? 0), to };
      if (entry.msg === 'WAL pass') passes.push(span);
      else if (entry.msg === 'WAL checkpointed while writers waited') exclusivePasses.push(span);
      else if (entry.msg === 'a bulk writer waited for a checkpoint') gateWaits.push(entry.ms ?? 0);
    },
  },
);
const ds = createDataSource({ url: config.database.url, log: storeLog });
await ds.initialize();
const log = pino({ level: 'silent' });
/** The lock change (its index in `changes`) whose statements run in this async context. */
const lockChange = new AsyncLocalStorage<number>();
/** A lock change: its span, its statements, and its calls for a turn on the connection (BEGIN, a plain query). */
type Change = Span & { statements: StatementTiming[]; turns: Span[] };
const changes: Change[] = [];
// (Declared before compose runs its first queries through the patched runners below.)
// A lock change's calls for a turn on the one connection, timed: the waits a pass holding it would lengthen.
const createQueryRunner = ds.createQueryRunner.bind(ds);
Object.assign(ds, {
  createQueryRunner(...args: Parameters<typeof createQueryRunner>) {
    const runner = createQueryRunner(...args);
    for (const name of ['startTransaction', 'query'] as const) {
      const call = (runner[name] as (...a: unknown[]) => Promise<unknown>).bind(runner);
      Object.assign(runner, {
        async [name](...a: unknown[]) {
          const from = performance.now();
          try {
            return await call(...a);
          } finally {
            const i = lockChange.getStore();
            if (i !== undefined) changes[i]?.turns.push({ from, to: performance.now() });
          }
        },
      });
    }
    return runner;
  },
});
const tollgate = await composeTollgate(config, { log, dataSource: ds });
const loaded = await loadTariffBook(config.tariffs);
if (!loaded.ok) throw new Error('the bundled tariff plans do not load');

interface Latencies {
  wall: number[];
  /** The wall time less the main thread's time queued for a core: the latency on a machine with one free. */
  freeCore: number[];
  changes: Change[];
}

/** Groups the main thread's statements: the re-rating's page read and UPDATE, transaction ends, the rest. */
function statementLabel(sql: string): string {
  if (/^BEGIN/i.test(sql)) return 'BEGIN';
  if (/^COMMIT/i.test(sql)) return 'COMMIT';
  if (/^UPDATE calls SET .* FROM \(VALUES/s.test(sql)) return 're-rating: page UPDATE';
  if (/^SELECT .* FROM "calls" "c"/s.test(sql)) return 're-rating: page read';
  if (/^PRAGMA/i.test(sql)) return sql.slice(0, 40);
  return 'other statements (lock change)';
}
const probe = probeMainThread(statementLabel, (statement) => {
  const i = lockChange.getStore();
  if (i !== undefined) changes[i]?.statements.push(statement);
});

/**
 * Sets and clears a lock on a rotating set of lines on a fixed 50 ms schedule until `until` settles or
 * `count` changes are made. The latency runs from the change's scheduled time to its answer, so time
 * the event loop was held (by a page of re-rating) before the change could even start counts too.
 */
async function lockChanges(count: number, until?: Promise<unknown>): Promise<Latencies> {
  let done = false;
  void until?.finally(() => (done = true));
  const latencies: number[] = [];
  const freeCore: number[] = [];
  const first = changes.length;
  const context = { actor: 'bench', via: 'cli' as const, role: 'admin' as const };
  const start = performance.now();
  for (let i = 0; !done && latencies.length < count; i++) {
    const due = start + i * INTERVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const line = { lineId: 1 + (i % 50) };
    const set = Math.floor(i / 50) % 2 === 0;
    const change: Change = { from: due, to: due, statements: [], turns: [] };
    changes.push(change);
    await lockChange.run(changes.length - 1, () =>
      set ? tollgate.locks.setLock(line, 'admin', context) : tollgate.locks.clearLock(line, 'admin', context),
    );
    const answered = (change.to = performance.now());
    latencies.push(answered - due);
    freeCore.push(answered - due - probe.queuedBetween(due, answered));
  }
  return { wall: latencies, freeCore, changes: changes.slice(first) };
}

/** How long two spans overlap, ms. */
const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from));
const overlapAny = (a: Span, spans: Span[]) => spans.reduce((sum, b) => sum + overlap(a, b), 0);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * What each lock change met of the checkpointer: the time it waited while a pass held the connection (a pass
 * that made writers wait), its statements' time on a CPU and asleep in the kernel, and of the latter the part
 * spent while a pass ran (the disk they share).
 */
function checkpointShare(of: Latencies['changes']) {
  const statementSpan = (s: StatementTiming) => ({ from: s.start, to: s.start + s.wall });
  return {
    waited: of.map((c) => sum(c.turns.map((turn) => overlapAny(turn, exclusivePasses)))),
    cpu: of.map((c) => sum(c.statements.map((s) => s.cpu))),
    asleep: of.map((c) => sum(c.statements.map((s) => s.blocked))),
    asleepDuringPass: of.map((c) =>
      sum(c.statements.filter((s) => overlapAny(statementSpan(s), passes) > 0).map((s) => s.blocked)),
    ),
  };
}

/** The WAL's size on disk, sampled: it must stay bounded while a long job writes. */
function watchWal(file: string): { max(): number; stop(): void } {
  let max = 0;
  const timer = setInterval(() => {
    if (existsSync(file)) max = Math.max(max, statSync(file).size);
  }, 100);
  return { max: () => max, stop: () => clearInterval(timer) };
}

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

try {
  await lockChanges(10); // warm-up: statements prepared, code compiled
  console.log(`load average at start: ${load()}`);
  probe.reset();
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  const reference = await lockChanges(referenceSamples);
  const loopOf = () => ({ p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 });
  const referenceLoop = loopOf();
  const referenceStatements = probe.snapshot();
  probe.reset();
  loop.reset();
  const wal = watchWal(`${work}-wal`);
  passes.length = 0;
  exclusivePasses.length = 0;
  gateWaits.length = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const mainCpu0 = probe.cpuMs();
  const year2024 = { from: new Date(Date.UTC(2024, 0, 1)), to: new Date(Date.UTC(2025, 0, 1)) };
  const rerating = tollgate.rerater.rerate(loaded.book, year2024);
  const during = await lockChanges(Number.POSITIVE_INFINITY, rerating);
  const rerated = await rerating;
  const cpu = process.cpuUsage(cpu0);
  const mainCpu = probe.cpuMs() - mainCpu0;
  loop.disable();
  wal.stop();
  probe.stop();
  const duringLoop = loopOf();
  const duringStatements = probe.snapshot();
  const seconds = (performance.now() - t0) / 1000;
  const count = (n: number) => n.toLocaleString('en');
  console.log(
    `re-rated ${count(rerated.examined)} calls (${count(rerated.changed)} changed) in ${seconds.toFixed(1)} s` +
      ` (process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, of which the main thread` +
      ` ${(mainCpu / 1000).toFixed(1)} s); load average at end: ${load()}`,
  );
  const ratio = (a: number, b: number) => (b > 0 ? `x${(a / b).toFixed(1)}` : '-').padStart(10);
  const row = (label: string, cells: string[], n = '') => console.log(`  ${label.padEnd(46)}${cells.join(' ')}   ${n}`);
  const table = (title: string, reference: Durations['values'], rows: Array<[string, number[]]>) => {
    console.log(`${title.padEnd(48)}      p50        p99        max   samples`);
    const ref = summary(reference);
    row('lock change alone (reference)', [fmt(ref.p50), fmt(ref.p99), fmt(ref.max)], String(reference.length));
    for (const [label, values] of rows) {
      if (values.length === 0) continue;
      const v = summary(values);
      row(label, [fmt(v.p50), fmt(v.p99), fmt(v.max)], String(values.length));
      row('  ratio', [ratio(v.p50, ref.p50), ratio(v.p99, ref.p99), ratio(v.max, ref.max)]);
    }
  };
  table('lock change, call to answer (one transaction)', reference.wall, [['during the re-rating', during.wall]]);
  const within = (values: number[]) => `${values.filter((v) => v <= 100).length} of ${values.length}`;
  console.log(`  within 100 ms during the re-rating: ${within(during.wall)}`);
  table('  the same less the time queued for a core', reference.freeCore, [['during the re-rating', during.freeCore]]);
  console.log(`  within 100 ms during the re-rating: ${within(during.freeCore)}`);
  // The loop histogram keeps no samples: its own percentiles stand in for the value lists.
  console.log(`event loop delay (monitorEventLoopDelay)          p50        p99        max`);
  row('lock change alone (reference)', [fmt(referenceLoop.p50), fmt(referenceLoop.p99), fmt(referenceLoop.max)]);
  row('during the re-rating', [fmt(duringLoop.p50), fmt(duringLoop.p99), fmt(duringLoop.max)]);
  row('  ratio', [
    ratio(duringLoop.p50, referenceLoop.p50),
    ratio(duringLoop.p99, referenceLoop.p99),
    ratio(duringLoop.max, referenceLoop.max),
  ]);
  const statementLabels = [...duringStatements.keys()].filter((label) => label !== 'gc pause').sort();
  const measures = [
    ['values', 'wall'],
    ['cpu', 'on a CPU'],
    ['blocked', 'asleep in the kernel (I/O, fsync)'],
  ] as const;
  for (const [measure, title] of measures) {
    const referenceSql = [...referenceStatements.entries()]
      .filter(([label]) => label !== 'gc pause')
      .flatMap(([, d]) => d[measure]);
    table(
      `main thread per statement: ${title}`,
      referenceSql,
      statementLabels.map((label) => [`during: ${label}`, duringStatements.get(label)?.[measure] ?? []]),
    );
  }
  table('garbage collection pauses (main thread)', referenceStatements.get('gc pause')?.values ?? [0], [
    ['during the re-rating', duringStatements.get('gc pause')?.values ?? []],
  ]);
  console.log(
    `largest WAL file during the re-rating: ${(wal.max() / 2 ** 20).toFixed(1)} MiB;` +
      ` checkpoint passes: ${passes.length}, of which made writers wait: ${exclusivePasses.length};` +
      ` the re-rating waited for a checkpoint ${gateWaits.length} times, ${sum(gateWaits).toFixed(0)} ms in all`,
  );
  const share = { reference: checkpointShare(reference.changes), during: checkpointShare(during.changes) };
  table('lock change: its statements on a CPU', share.reference.cpu, [['during the re-rating', share.during.cpu]]);
  table('lock change: its statements asleep in the kernel', share.reference.asleep, [
    ['during the re-rating', share.during.asleep],
    ['  of which while a checkpoint pass ran', share.during.asleepDuringPass],
  ]);
  table('lock change: its turns waiting while a pass held them', share.reference.waited, [
    ['during the re-rating', share.during.waited],
  ]);
  const waitedOn = share.during.waited.filter((ms) => ms > 0);
  console.log(
    `  lock changes that waited on a checkpoint pass: ${waitedOn.length} of ${during.wall.length}` +
      ` (${sum(waitedOn).toFixed(1)} ms in all); asleep in the kernel while a pass ran:` +
      ` ${sum(share.during.asleepDuringPass).toFixed(1)} ms in all, in` +
      ` ${share.during.asleepDuringPass.filter((ms) => ms > 0.5).length} lock changes over 0.5 ms`,
  );
} finally {
  await tollgate.stop();
  if (ds.isInitialized) await ds.destroy();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${work}${suffix}`, { force: true });
}
