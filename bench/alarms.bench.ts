// Every kind of scheduled alarm over one day of a large store (issue 17 target: all of them ≤ 2 s over a day of a
// 10M-call store), through the report engine as the daemon composes it (its SQLite reader thread). Measured in CPU
// time of the process and its threads (process.cpuUsage: the reader thread is one), per alarm evaluation, against
// a reference measured in the same run: one call-list page of the same day (the cheapest question the engine
// answers). Wall time is shown beside it, but on a shared machine only the CPU time and the ratio mean much.
// The data set is the reports benchmark's (bench/reports-data.ts cachedReportsData, under BENCH_DATA_DIR, else
// bench/out/; a missing one is generated there once and reused).
// The bench WRITES to that data set (its alarms, their runs, the audit trail; the alarms are deleted at the end):
// point BENCH_DATA_DIR at a copy of a shared data set, never at the original.
// Usage: BENCH_DATA_DIR=/tmp/<branch> npm run bench -- alarms
//   ALARMS_BENCH_CALLS=1000000,10000000 measures each size in one run (default 1000000).
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createAlarms, type AlarmDraftInput } from '../src/alarms/index.js';
import { createAuditService } from '../src/audit/index.js';
import { createIngestStatusReadModel } from '../cdr-collector/index.js';
import { createManualClock } from '../src/clock.js';
import { configSchema } from '../src/config/index.js';
import { createDirectoryReadModel } from '../src/directory/index.js';
import { createReportService, createSqliteReportReader, parseReportOptions } from '../src/reports/index.js';
import { createDataSource } from '../src/store/index.js';
import { cachedReportsData } from './reports-data.js';

const totals = (process.env.ALARMS_BENCH_CALLS ?? '1000000').split(',').map(Number);
const RUNS = 5;
const results: string[] = [];
let worst = 0;
for (const total of totals) {
  const path = await cachedReportsData(total);
  const { all, refCpu, cpu } = await measure(path);
  worst = Math.max(worst, cpu);
  results.push(
    `  ${total.toLocaleString('en').padStart(10)} calls: all alarms ${cpu.toFixed(0)} ms CPU, ${all.toFixed(0)} ms ` +
      `wall (${(cpu / refCpu).toFixed(0)}× the reference page's CPU, ${refCpu.toFixed(1)} ms); load average ` +
      `${loadavg()[0]!.toFixed(2)}`,
  );
}
console.log(['summary (target ≤ 2000 ms CPU at 10M calls):', ...results].join('\n'));
process.exit(worst <= 2000 ? 0 : 1);

/** CPU time (this process and its threads) and wall time of one call, in ms. */
async function timed<T>(fn: () => Promise<T>): Promise<{ cpu: number; wall: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall, value };
}

function median(v: number[]): number {
  return [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
}

async function measure(path: string): Promise<{ all: number; refCpu: number; cpu: number }> {
  const log = pino({ level: 'warn' });
  const config = configSchema.parse({
    general: { timeZone: 'UTC' },
    sites: { default: { country: 'IT', timeZone: 'UTC' } },
  });
  const clock = createManualClock('2024-03-14T00:00:00Z');
  const dataSource = createDataSource({ url: `sqlite:${path}` });
  await dataSource.initialize();
  const db = createSqliteReportReader({ path, log });
  const reports = createReportService({
    db,
    clock,
    config: { reports: config.reports, defaultTimeZone: 'UTC', siteCountries: { default: 'IT' } },
    logger: log,
  });
  const ingest = createIngestStatusReadModel({ dataSource });
  const outbox = { enqueue: () => Promise.resolve([]), kick: () => undefined };
  const alarms = createAlarms({
    dataSource,
    clock,
    log,
    config,
    reports,
    outbox,
    directory: createDirectoryReadModel({ dataSource }),
    lastRecordsAcquiredAt: () => ingest.lastRecordsAcquiredAt(),
    audit: createAuditService({ dataSource, clock }),
  });
  const admin = { name: 'bench', role: 'admin' as const };
  const testDoor = { actor: 'bench', role: 'admin', via: 'cli' as const, from: 'bench' };
  const daily = { every: 1, unit: 'days', timeZone: 'UTC', startLocal: '2024-01-01T00:00' } as const;
  // Every alarm must tell someone; the bench's outbox keeps nothing.
  const recipients = [{ email: 'desk@example.com' }];
  const drafts: AlarmDraftInput[] = [
    { kind: 'outside-hours', recurrence: daily },
    { kind: 'called-numbers', settings: { numbers: ['0899*', '00881*', '0049301234567'] }, recurrence: daily },
    { kind: 'spending', settings: { groupBy: 'user', amountMinor: 500, period: 'yesterday' }, recurrence: daily },
    { kind: 'missed-calls', settings: { above: 3 }, recurrence: daily },
    { kind: 'international', recurrence: daily },
    { kind: 'no-records', recurrence: daily },
    { kind: 'unrecognised-destinations', recurrence: daily },
    { kind: 'unknown-extensions', recurrence: daily },
    { kind: 'premium-rate', recurrence: daily },
    { kind: 'spend-spike', recurrence: daily },
  ];
  const ids: number[] = [];
  for (const d of drafts) ids.push((await alarms.service.create({ ...d, recipients }, admin, testDoor)).id);

  const [row] = (await dataSource.query('SELECT COUNT(*) AS n FROM calls WHERE started_at >= ? AND started_at < ?', [
    Date.UTC(2024, 2, 13) / 1000,
    Date.UTC(2024, 2, 14) / 1000,
  ])) as Array<{ n: number }>;
  const [size] = (await dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>;
  console.log(
    `store: ${Number(size?.n).toLocaleString('en')} calls; the day evaluated (2024-03-13) holds ` +
      `${Number(row?.n).toLocaleString('en')} calls`,
  );

  const day = parseReportOptions({ kind: 'calls', timeZone: 'UTC', period: { from: '2024-03-13', to: '2024-03-13' } });
  const reference = async () => reports.listCalls(day, admin, { page: 1, pageSize: 50 });
  // Warm up: the reader thread, the statements, the pages of the day in the cache.
  await reference();
  for (const id of ids) await alarms.service.runNow(id, admin, testDoor);
  const refs: Array<{ cpu: number; wall: number }> = [];
  const perKind = ids.map(() => ({ cpu: [] as number[], wall: [] as number[], message: '' }));
  const sums: Array<{ cpu: number; wall: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    refs.push(await timed(reference));
    const sum = { cpu: 0, wall: 0 };
    for (const [i, id] of ids.entries()) {
      const one = await timed(() => alarms.service.runNow(id, admin, testDoor));
      perKind[i]!.cpu.push(one.cpu);
      perKind[i]!.wall.push(one.wall);
      perKind[i]!.message = one.value.message;
      sum.cpu += one.cpu;
      sum.wall += one.wall;
    }
    sums.push(sum);
  }
  const refCpu = median(refs.map((r) => r.cpu));
  const refWall = median(refs.map((r) => r.wall));
  console.log(
    `reference, one call-list page of the day: ${refCpu.toFixed(1)} ms CPU, ${refWall.toFixed(1)} ms wall ` +
      `(median of ${RUNS}); load average ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`  ${'alarm kind'.padEnd(26)} ${'CPU ms'.padStart(8)} ${'× ref'.padStart(7)} ${'wall ms'.padStart(8)}`);
  for (const [i, k] of perKind.entries()) {
    const cpu = median(k.cpu);
    console.log(
      `  ${drafts[i]!.kind.padEnd(26)} ${cpu.toFixed(1).padStart(8)} ${(cpu / refCpu).toFixed(1).padStart(7)} ` +
        `${median(k.wall).toFixed(1).padStart(8)}  ${k.message}`,
    );
  }
  const cpu = median(sums.map((s) => s.cpu));
  const all = median(sums.map((s) => s.wall));
  console.log(
    `all ${ids.length} scheduled alarms over one day: median ${cpu.toFixed(0)} ms CPU, ${all.toFixed(0)} ms wall ` +
      `(target ≤ 2000 ms) = ${(cpu / refCpu).toFixed(0)}× the reference's CPU; load average ` +
      `${loadavg()[0]!.toFixed(2)}`,
  );
  for (const id of ids) await alarms.service.remove(id, admin, testDoor);
  await db.close();
  await dataSource.destroy();
  return { all, refCpu, cpu };
}
