// Reports on 10 million calls in SQLite: cost by department for one month
// (target ≤ 0.5 s) and one filtered call-list page (target ≤ 20 ms), through
// the report engine as the daemon composes it (its SQLite reader thread), each
// compared with the very SQL the engine ran, executed with its values by
// better-sqlite3 alone on the same file in the same run (so the difference is
// the engine's own cost). Debian's sqlite3 CLI (3.40) cannot be the reference:
// it cannot parse the schema (the rollups' `INSERT … AS r` upserts).
// The data set is generated once and cached under BENCH_DATA_DIR, else bench/out/
// (a few minutes on two cores; see bench/reports-data.ts). Each case says which
// table its queries read: the calls, or the hourly call_summaries.
// Usage: npm run bench -- reports     (REPORTS_BENCH_CALLS=10000000, REPORTS_BENCH_RUNS=7)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { sumSpend } from '../src/budgets/index.js';
import { configSchema } from '../src/config/index.js';
import {
  builtinReports,
  createReportService,
  createSqliteReportReader,
  parseReportOptions,
  type ReportDatabase,
  type ReportOptionsInput,
  type ReportViewer,
} from '../src/reports/index.js';
import { createDataSource } from '../src/store/index.js';
import { benchDataDir, generate, isGenerated, migrateCached } from './reports-data.js';

const total = Number(process.env.REPORTS_BENCH_CALLS ?? 10_000_000);
const runs = Number(process.env.REPORTS_BENCH_RUNS ?? 7);
const outDir = benchDataDir();
const path = join(outDir, `reports-${total}.db`);
const admin: ReportViewer = { name: 'bench', role: 'admin' };
const march = { timeZone: 'UTC', period: { from: '2024-03-01', to: '2024-03-31' } } satisfies ReportOptionsInput;
const everyCall = [{ field: 'duration', op: 'ge', value: 0 }] satisfies ReportOptionsInput['conditions'];
const year = { timeZone: 'UTC', period: { from: '2024-01-01', to: '2024-12-31' } } satisfies ReportOptionsInput;

const yearPeriod = { from: new Date(Date.UTC(2024, 0, 1)), to: new Date(Date.UTC(2025, 0, 1)) };
const marchPeriod = { from: new Date(Date.UTC(2024, 2, 1)), to: new Date(Date.UTC(2024, 3, 1)) };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/** The slice of better-sqlite3 (TypeORM's SQLite driver, which ships no types here) the reference uses. */
interface SqliteDatabase {
  pragma(source: string): unknown;
  prepare(sql: string): { all(...values: unknown[]): unknown[]; get(): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  path: string,
  options: { readonly: boolean },
) => SqliteDatabase;

let direct: SqliteDatabase | undefined;
/**
 * Median real and CPU time of the statement run `runs` times on one connection of its own after a warm-up (warm
 * cache, as the engine's), with the report reader's mapped pages.
 */
function directSql(sql: string, values: unknown[]): { real: number; cpu: number } {
  if (!direct) {
    direct = new Database(path, { readonly: true });
    direct.pragma('mmap_size = 17179869184');
  }
  const statement = direct.prepare(sql);
  statement.all(...values);
  const real: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    statement.all(...values);
    real.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { real: median(real), cpu: median(cpu) };
}

if (!(await isGenerated(path, total))) {
  mkdirSync(outDir, { recursive: true });
  if (existsSync(path)) rmSync(path);
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  console.log(`generating ${total.toLocaleString('en')} calls into ${path}`);
  const t0 = performance.now();
  await generate(path, total, (line) => console.log(line));
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} else {
  console.log(`using the cached data set ${path}`);
  await migrateCached(path, (line) => console.log(line));
}

// As the daemon composes it: report queries in the reader thread (src/compose.ts).
const inner = createSqliteReportReader({ path, log: pino({ level: 'warn' }) });
const captured: Array<{ sql: string; values: unknown[] }> = [];
const db: ReportDatabase = {
  dialect: inner.dialect,
  all: (sql, values) => {
    captured.push({ sql, values });
    return inner.all(sql, values);
  },
};
const config = configSchema.parse({});
const reports = createReportService({
  db,
  clock: systemClock,
  config: { reports: config.reports, defaultTimeZone: 'UTC', siteCountries: { default: 'IT' } },
  logger: pino({ level: 'warn' }),
});

// Budgets sum their spend on the daemon's own connection (src/budgets/spend-query.ts), not the reader thread.
const store = createDataSource({ url: `sqlite:${path}` });
await store.initialize();
// User 26 (user25) owns lines 25 and 5025, whose calls in the data set are outgoing.
const userBudget = {
  scope: 'user' as const,
  scopeId: 26,
  sharing: 'pool' as const,
  currency: 'EUR',
  excludedUserIds: [],
};
const rules = { directions: new Set(['outgoing', 'transit'] as const), destinationTypes: null };
const spend = (range: { from: Date; to: Date }) => () =>
  sumSpend(store.manager, userBudget, rules, range, Number.MAX_SAFE_INTEGER);

interface Case {
  name: string;
  /** Milliseconds the issue sets; none for cases shown for information. */
  target?: number;
  run: () => Promise<unknown>;
}

const costByDepartment = builtinReports.find((r) => r.name === 'cost-by-department')!.options;
const page = (filter: ReportOptionsInput) => () =>
  reports.listCalls(parseReportOptions({ ...march, kind: 'calls', ...filter }), admin, { page: 1, pageSize: 50 });
const cases: Case[] = [
  {
    name: 'cost by department, March 2024 (external outgoing)',
    target: 500,
    run: () => reports.summarize(parseReportOptions({ ...costByDepartment, ...march }), admin),
  },
  {
    // The same report sent to the calls by a condition every call meets: what the summaries save.
    name: 'cost by department, March 2024, from the calls (reference)',
    run: () => reports.summarize(parseReportOptions({ ...costByDepartment, ...march, conditions: everyCall }), admin),
  },
  {
    name: 'call list page: one department, external, March',
    target: 20,
    run: page({ departments: ['Dept 07'], traffic: 'external' }),
  },
  { name: 'call list page: one extension, March', target: 20, run: page({ extensions: ['21234'] }) },
  {
    // A year is 8,784 hours of the hour-keyed owner index: the page reads them newest first and stops at 50 calls.
    name: 'call list page: one extension, 2024, newest first',
    target: 20,
    run: () =>
      reports.listCalls(
        parseReportOptions({
          ...year,
          kind: 'calls',
          extensions: ['21234'],
          sort: [{ field: 'startedAt', descending: true }],
        }),
        admin,
        { page: 1, pageSize: 50 },
      ),
  },
  {
    name: "call list page: a user's own calls, 2024",
    target: 20,
    run: () =>
      reports.listCalls(
        parseReportOptions({ ...year, kind: 'calls' }),
        { name: 'user25', role: 'user' },
        {
          page: 1,
          pageSize: 50,
        },
      ),
  },
  // Budget periods are a day, a week or a month; the year shows what a long period costs (every hour is read).
  { name: "budget spend: one user's budget, March (information)", run: spend(marchPeriod) },
  { name: "budget spend: one user's budget, 2024 (information)", run: spend(yearPeriod) },
  {
    name: 'call list page: number prefix 0049, newest first',
    target: 20,
    run: page({ number: { match: 'startsWith', value: '0049' }, sort: [{ field: 'startedAt', descending: true }] }),
  },
  {
    // Seven calls of March: every hour of the month is sought (the time index read the whole month, ~400 ms).
    name: 'call list page: number prefix 004930 (rare), newest first',
    target: 20,
    run: page({ number: { match: 'startsWith', value: '004930' }, sort: [{ field: 'startedAt', descending: true }] }),
  },
  {
    // No target: sorting by cost reads every matching call of the month (no index orders by cost).
    name: 'call list page: international answered > 60 s, by cost (information)',
    run: page({
      international: true,
      answered: true,
      duration: [{ op: 'gt', value: 60 }],
      sort: [{ field: 'cost', descending: true }],
    }),
  },
  {
    // No target: a grouping without a covering index of its own, which SQLite sorts.
    name: 'cost by carrier, March 2024 (information)',
    run: () => reports.summarize(parseReportOptions({ ...costByDepartment, ...march, groupBy: 'carrier' }), admin),
  },
  {
    name: 'unanswered calls by extension, March (information)',
    run: () =>
      reports.summarize(
        parseReportOptions({ ...march, kind: 'summary', groupBy: 'extension', answered: false, rankBy: 'calls' }),
        admin,
      ),
  },
  {
    name: 'cost trend by day, March (information)',
    run: () =>
      reports.trend(parseReportOptions({ ...march, kind: 'trend', interval: 'day', traffic: 'external' }), admin),
  },
  {
    name: 'cost trend by day, March, from the calls (reference)',
    run: () =>
      reports.trend(
        parseReportOptions({ ...march, kind: 'trend', interval: 'day', traffic: 'external', conditions: everyCall }),
        admin,
      ),
  },
  {
    name: 'cost trend by month, 2024 (information)',
    run: () =>
      reports.trend(
        parseReportOptions({ ...costByDepartment, kind: 'trend', interval: 'month', ...year, groupBy: undefined }),
        admin,
      ),
  },
  {
    name: 'call list totals, March (information: the page loads them after itself)',
    run: () => reports.summarize(parseReportOptions({ ...march, kind: 'summary', groupBy: 'direction' }), admin),
  },
];

let over = 0;
// On a shared machine wall time includes waiting for a core: CPU time (all threads) shows the work itself.
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
console.log(`\n${total.toLocaleString('en')} calls, median of ${runs} runs after one warm-up`);
for (const c of cases) {
  await c.run();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    captured.length = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await c.run();
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  const engine = median(times);
  const alone = captured
    .map((q) => directSql(q.sql, q.values))
    .reduce((a, b) => ({ real: a.real + b.real, cpu: a.cpu + b.cpu }), { real: 0, cpu: 0 });
  const verdict =
    c.target === undefined ? '' : `  target ≤ ${c.target} ms  ${engine <= c.target ? 'ok' : 'OVER TARGET'}`;
  const tables = (sql: string) => [...sql.matchAll(/FROM (calls|call_summaries\w*) c?\b/g)].map((m) => m[1]!);
  const reads = [...new Set(captured.flatMap((q) => tables(q.sql)))];
  if (c.target !== undefined && engine > c.target) over += 1;
  // The budget cases read through the budgets' own store, not the report reader: nothing to run alone.
  const reference =
    captured.length === 0
      ? 'no report SQL to run alone'
      : `same SQL alone ${ms(alone.real)} (CPU ${ms(alone.cpu)}), ratio ${(alone.real / engine).toFixed(2)}`;
  console.log(
    `${c.name} [reads ${reads.join(' + ') || 'the budgets’ store'}]\n  engine ${ms(engine)} ` +
      `(CPU ${ms(median(cpu))})  ${reference}${verdict}`,
  );
}
direct?.close();
await inner.close();
await store.destroy();
process.exit(over > 0 ? 1 : 0);
