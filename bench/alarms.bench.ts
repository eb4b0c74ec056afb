// All alarms over one day of a large store (issue 17 target: ≤ 2 s over a day of a 10M-call store),
// through the report engine as the daemon composes it (its SQLite reader thread). Reference measured in
// the same run: one call-list page of the same day (the cheapest question the engine answers).
// Uses the reports benchmark's data set (bench/reports-data.ts, cached in bench/out/).
// Usage: npm run bench -- alarms
//   ALARMS_BENCH_CALLS=1000000,3000000,10000000 measures each size in one run (default 1000000), so the
//   figures scale against each other; ALARMS_BENCH_DIR holds the data sets (default bench/out; a missing
//   one is generated there once and reused: 10M takes long, keep it out of the repository, e.g. /tmp).
import { loadavg } from 'node:os';
import { join } from 'node:path';
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
import { generate, isGenerated, migrateCached } from './reports-data.js';

const totals = (process.env.ALARMS_BENCH_CALLS ?? '1000000').split(',').map(Number);
const dir = process.env.ALARMS_BENCH_DIR ?? join(import.meta.dirname, 'out');
const results: string[] = [];
let worst = 0;
for (const total of totals) {
  const path = join(dir, `reports-${total}.db`);
  if (!(await isGenerated(path, total))) {
    console.log(`generating ${total.toLocaleString('en')} calls into ${path}`);
    await generate(path, total, (line) => console.log(line));
  }
  await migrateCached(path, (line) => console.log(line));
  const { all, ref, cpu } = await measure(path);
  worst = Math.max(worst, all);
  results.push(
    `  ${total.toLocaleString('en').padStart(10)} calls: all alarms ${all.toFixed(0)} ms wall, ` +
      `${cpu.toFixed(0)} ms CPU ` +
      `(${(all / ref).toFixed(0)}× the reference page, ${ref.toFixed(1)} ms); load average ${loadavg()[0]!.toFixed(2)}`,
  );
}
console.log(['summary (target ≤ 2000 ms at 10M calls):', ...results].join('\n'));
process.exit(worst <= 2000 ? 0 : 1);

async function measure(path: string): Promise<{ all: number; ref: number; cpu: number }> {
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
  await reference();
  const times: number[] = [];
  const refs: number[] = [];
  // CPU time of this process and its threads (the SQLite reader is one): wall time is noise on a shared machine.
  const cpus: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t0 = performance.now();
    await reference();
    refs.push(performance.now() - t0);
    t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const id of ids) await alarms.service.runNow(id, admin, testDoor);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    times.push(performance.now() - t0);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const all = median(times);
  const ref = median(refs);
  const perKind: string[] = [];
  for (const [i, id] of ids.entries()) {
    const t0 = performance.now();
    const outcome = await alarms.service.runNow(id, admin, testDoor);
    perKind.push(
      `  ${drafts[i]!.kind.padEnd(26)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms  ${outcome.message}`,
    );
  }
  console.log(perKind.join('\n'));
  console.log(
    `all ${ids.length} scheduled alarms over one day: median ${all.toFixed(0)} ms (target ≤ 2000 ` +
      `ms) = ${(all / ref).toFixed(0)}× one call-list page of that day (${ref.toFixed(1)} ms)`,
  );
  for (const id of ids) await alarms.service.remove(id, admin, testDoor);
  await db.close();
  await dataSource.destroy();
  return { all, ref, cpu: median(cpus) };
}
