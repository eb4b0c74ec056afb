// Server time of the Call Analytics pages (issue 16) at p95: Home, the Dashboard with every widget,
// and the three gadgets, served by the real daemon (composeTollgate + node:http on loopback) over the
// reports data set (5,000 users, N calls over 2024; BENCH_WEB_CALLS, default 1,000,000), one request
// at a time, with the clock set to 2024-06-14 15:00 UTC so "today", "this week" and "this month" hold
// calls. The reference is GET /healthz in the same run. Targets: Home ≤ 50 ms, full dashboard ≤ 200 ms.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { generate, isGenerated, migrateCached } from './reports-data.js';

const total = Number(process.env.BENCH_WEB_CALLS ?? 1_000_000);
const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 60);
const outDir = join(import.meta.dirname, 'out');
const source = join(outDir, `reports-${total}.db`);
const path = join(outDir, `call-analytics-${total}.db`);
const password = 'bench password 123';
const now = new Date('2024-06-14T15:00:00Z');

if (!(await isGenerated(source, total))) {
  mkdirSync(outDir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${source}${suffix}`, { force: true });
  console.log(`generating ${total.toLocaleString('en')} calls into ${source}`);
  await generate(source, total, (line) => console.log(line));
} else {
  await migrateCached(source, (line) => console.log(line));
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
copyFileSync(source, path);
if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${path}-wal`);

const dataSource = createDataSource({ url: `sqlite:${path}` });
await dataSource.initialize();
await dataSource.runMigrations();
const [callsRow] = (await dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>;

const config = configSchema.parse({ logging: { level: 'warn' }, cdr: { enabled: false } });
const tollgate = await composeTollgate(config, {
  log: pino({ level: 'warn' }),
  dataSource,
  clock: { now: () => new Date(now) },
});
await tollgate.adminAccounts.create({ username: 'admin', password, role: 'admin' });
await tollgate.adminAccounts.create({ username: 'user7', password, role: 'supervisor', departments: ['Dept 08'] });
await tollgate.web?.setPassword('user1', password);
const actor = { actor: 'bench', via: 'cli' } as const;
await tollgate.budgets.service.add(
  { name: 'user1 monthly', scope: 'user', target: 'user1', period: 'month', amountMinor: 10_000, currency: 'EUR' },
  actor,
);

const server = createServer(tollgate.requestListener);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** Puts every widget on a person's dashboard through the page's own form. */
async function addEveryWidget(cookie: string): Promise<void> {
  const page = await (await fetch(`${base}/dashboard`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const widgets = [...page.matchAll(/name="widget" value="([^"]+)"/g)].map((m) => m[1] as string);
  const body = new URLSearchParams([['_csrf', csrf], ['zone', 'bottom-right'], ...widgets.map((w) => ['widget', w])]);
  await fetch(`${base}/dashboard/widgets`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

async function p95(url: string, cookie: string, cold: boolean): Promise<{ p50: number; p95: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < rounds + 5; i++) {
    // Cold: as if calls had just been stored, so cached widget figures are dropped.
    if (cold) tollgate.events.emit('calls.stored', { fileName: 'bench', calls: [] });
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });
    await res.arrayBuffer();
    status = res.status;
    if (i >= 5) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length / 2)] as number,
    p95: times[Math.floor(times.length * 0.95)] as number,
    status,
  };
}

const admin = await signIn('admin');
const user = await signIn('user1');
const supervisor = await signIn('user7');
const [defaultUser, fullSupervisor, fullAdmin] = [user, supervisor, admin];
for (const cookie of [fullSupervisor, fullAdmin]) await addEveryWidget(cookie);
const pages: Array<[string, string, string, number, boolean?]> = [
  ['reference /healthz', '/healthz', admin, 0],
  ['reference My account (a page without reports)', '/account', user, 0],
  ['Home, top 20 (user)', '/', user, 50],
  ['Home, top 200 (user)', '/?top=200', user, 50],
  ['Home live region redrawn (user)', '/home/live?top=20&version=0', user, 50],
  ['Dashboard, default 4 widgets (user)', '/dashboard', defaultUser, 200],
  ['Dashboard, all 13 widgets (supervisor)', '/dashboard', fullSupervisor, 200],
  ['Dashboard, all 13 widgets (admin, all calls)', '/dashboard', fullAdmin, 200],
  ['Dashboard, default 4 widgets, cold (user)', '/dashboard', defaultUser, 200, true],
  ['Dashboard, all 13 widgets, cold (supervisor)', '/dashboard', fullSupervisor, 200, true],
  ['Dashboard, all 13 widgets, cold (admin)', '/dashboard', fullAdmin, 200, true],
  ['Gadget Call Analytics, 7 days (user)', '/gadgets/call-analytics?range=last-7-days', user, 50],
  ['Gadget Budget Control (user)', '/gadgets/budget-control', user, 50],
  ['Gadget Phone Lock (user)', '/gadgets/phone-lock', user, 50],
];
console.log(
  `call analytics pages: ${Number(callsRow?.n).toLocaleString('en')} calls, clock at ${now.toISOString()}, ${rounds} requests each`,
);
let reference = 0;
for (const [name, url, cookie, target, cold] of pages) {
  const r = await p95(url, cookie, cold ?? false);
  if (reference === 0) reference = r.p95;
  const verdict = target === 0 ? '' : r.p95 <= target ? `ok (≤ ${target} ms)` : `OVER ${target} ms`;
  console.log(
    `  ${name.padEnd(46)} ${String(r.status).padEnd(4)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  ×${(r.p95 / reference).toFixed(1).padStart(6)} of /healthz  ${verdict}`,
  );
}
server.close();
await tollgate.stop();
await dataSource.destroy();
