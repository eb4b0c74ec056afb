// Server time of the Interactive Reports pages at p95 (issue 16: a report page ≤ 100 ms at 10M calls on
// SQLite): the reports data set (5,000 users, N calls over 2024; BENCH_REPORT_CALLS, default 1,000,000,
// cached in bench/out/ by reports-data.ts), served by the real daemon (composeTollgate + node:http on
// loopback) to a signed-in client, one request at a time, BENCH_REPORT_ROUNDS requests per page after 3
// warm-ups. The reference is GET /healthz in the same run. Usage: npm run bench -- interactive-reports
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { copyOfReportsData } from './reports-data.js';

const total = Number(process.env.BENCH_REPORT_CALLS ?? 1_000_000);
const rounds = Number(process.env.BENCH_REPORT_ROUNDS ?? 40);
const password = 'bench password 123';

const path = await copyOfReportsData(total, 'interactive-reports');

const dataSource = createDataSource({ url: `sqlite:${path}` });
await dataSource.initialize();
await dataSource.runMigrations();
const [callsRow] = (await dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>;
await dataSource.destroy();

// As `serve` runs it: a SQLite file, so report queries run in the reader thread.
const config = configSchema.parse({ logging: { level: 'warn' }, database: { url: `sqlite:${path}` } });
const tollgate = await composeTollgate(config, { log: pino({ level: 'warn' }) });
await tollgate.adminAccounts.create({ username: 'admin', password, role: 'admin' });
await tollgate.adminAccounts.create({ username: 'user7', password, role: 'supervisor', departments: ['Dept 08'] });
await tollgate.web?.setPassword('user1', password);

const server = createServer(tollgate.requestListener);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function signIn(username: string): Promise<string> {
  const body = new URLSearchParams({ username, password }).toString();
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

async function measure(
  url: string,
  cookie: string,
): Promise<{ p50: number; p95: number; status: number; bytes: number }> {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < rounds + 3; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });
    bytes = (await res.arrayBuffer()).byteLength;
    status = res.status;
    if (i >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length / 2)] as number,
    p95: times[Math.floor(times.length * 0.95)] as number,
    status,
    bytes,
  };
}

const admin = await signIn('admin');
const user = await signIn('user1');
const supervisor = await signIn('user7');
const march = 'run=1&tz=UTC&from=2024-03-01&to=2024-03-31';
const run = '/reports/interactive/run';
const pages: Array<[string, string, string]> = [
  ['reference /healthz', '/healthz', admin],
  ['Catalogue (admin)', '/reports/interactive', admin],
  ['Preview: cost by department (admin)', `/reports/interactive/preview?report=cost-by-department`, admin],
  ['Call list March, page 1 + totals (admin)', `${run}?${march}&kind=calls&totals=1`, admin],
  ['Call list March, page 200 (admin)', `${run}?${march}&kind=calls&page=200`, admin],
  ['Call list March, external outgoing (admin)', `${run}?${march}&kind=calls&traffic=external&dir=outgoing`, admin],
  [
    'Call list March, AND/OR restrictions (admin)',
    `${run}?${march}&kind=calls&cj=and&cf=duration&co=ge&cv=600&cj=or&cf=destinationType&co=eq&cv=premium`,
    admin,
  ],
  ['Call list March (supervisor, one dept)', `${run}?${march}&kind=calls`, supervisor],
  ['Call list March (user, own calls)', `${run}?${march}&kind=calls`, user],
  ['Cost by department, March (admin)', `${run}?${march}&kind=summary&groupBy=department`, admin],
  ['Cost by extension top 10, March (supervisor)', `${run}?${march}&kind=summary&groupBy=extension&top=10`, supervisor],
  ['Cost by day, March (admin)', `${run}?${march}&kind=trend&interval=day`, admin],
  ['Calls to or from a number (user)', `${run}?number=0612345678`, user],
];
console.log(
  `interactive reports: ${Number(callsRow?.n).toLocaleString('en')} calls on SQLite, ${rounds} requests per page (p95 of client round trips on loopback)`,
);
let reference = 0;
for (const [name, url, cookie] of pages) {
  const r = await measure(url, cookie);
  if (reference === 0) reference = r.p95;
  const verdict = name.startsWith('reference') ? '' : r.p95 <= 100 ? 'ok' : 'OVER 100 ms';
  const line = `  ${name.padEnd(46)} ${String(r.status).padEnd(4)} ${String(Math.round(r.bytes / 1024)).padStart(4)} kB`;
  console.log(
    `${line}  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  ×${(r.p95 / reference).toFixed(1).padStart(6)} of /healthz  ${verdict}`,
  );
}
server.close();
await tollgate.stop();
