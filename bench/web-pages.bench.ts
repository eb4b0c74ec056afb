// Server time of each web portal page at p95 with 20,000 users: the reports data set (5,000 users,
// N calls over 2024; BENCH_WEB_CALLS, default 1,000,000) plus 15,000 more users with a line each,
// served by the real daemon (composeTollgate + node:http on loopback) to a signed-in client, one
// request at a time. The reference is GET /healthz in the same run. Target: each page ≤ 50 ms p95.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { copyOfReportsData } from './reports-data.js';

const total = Number(process.env.BENCH_WEB_CALLS ?? 1_000_000);
const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 100);
const password = 'bench password 123';

const path = await copyOfReportsData(total, 'web-pages');

const dataSource = createDataSource({ url: `sqlite:${path}` });
await dataSource.initialize();
await dataSource.runMigrations();
await dataSource.query(`WITH RECURSIVE u(i) AS (SELECT 5000 UNION ALL SELECT i + 1 FROM u WHERE i < 19999)
  INSERT INTO users (username, first_name, last_name, department_id, cost_centre_id) SELECT 'user' || i, 'User', 'Number ' || i, i % 50 + 1, i % 20 + 1 FROM u`);
await dataSource.query(`WITH RECURSIVE l(i) AS (SELECT 6000 UNION ALL SELECT i + 1 FROM l WHERE i < 20999)
  INSERT INTO lines (extension, partition, user_id) SELECT '3' || substr('0000' || i, -5), '', i - 999 FROM l`);
const [usersRow] = (await dataSource.query('SELECT COUNT(*) AS n FROM users')) as Array<{ n: number }>;
const [callsRow] = (await dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>;

const config = configSchema.parse({ logging: { level: 'warn' } });
const tollgate = await composeTollgate(config, { log: pino({ level: 'warn' }), dataSource });
await tollgate.adminAccounts.create({ username: 'admin', password, role: 'admin' });
await tollgate.adminAccounts.create({ username: 'user7', password, role: 'supervisor', departments: ['Dept 08'] });
await tollgate.web?.setPassword('user1', password);
const actor = { actor: 'bench', via: 'cli' } as const;
await tollgate.budgets.service.add(
  { name: 'user1 monthly', scope: 'user', target: 'user1', period: 'month', amountMinor: 10_000, currency: 'EUR' },
  actor,
);
await tollgate.budgets.service.add(
  {
    name: 'Dept 02 pool',
    scope: 'department',
    target: 'Dept 02',
    sharing: 'pool',
    period: 'month',
    amountMinor: 100_000,
    currency: 'EUR',
  },
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

async function p95(url: string, cookie: string): Promise<{ p50: number; p95: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < rounds + 5; i++) {
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
const pages: Array<[string, string, string]> = [
  ['reference /healthz', '/healthz', admin],
  ['Home (user)', '/', user],
  ['My Phone (user)', '/phone-lock', user],
  ['My budgets (user)', '/budgets/mine', user],
  ['My account (user)', '/account', user],
  ['Users page 1 (admin, 20,000 users)', '/phone-lock/users', admin],
  ['Users page 200 (admin)', '/phone-lock/users?page=200', admin],
  ['Users filtered by last name (admin)', '/phone-lock/users?lastName=number%201999', admin],
  ['Users (supervisor of one department)', '/phone-lock/users', supervisor],
  ['Budgets (admin)', '/budgets', admin],
];
console.log(
  `web pages: ${Number(usersRow?.n).toLocaleString('en')} users, ${Number(callsRow?.n).toLocaleString('en')} calls, ${rounds} requests each`,
);
let reference = 0;
for (const [name, url, cookie] of pages) {
  const r = await p95(url, cookie);
  if (reference === 0) reference = r.p95;
  const verdict = name.startsWith('reference') ? '' : r.p95 <= 50 ? 'ok' : 'OVER 50 ms';
  console.log(
    `  ${name.padEnd(40)} ${String(r.status).padEnd(4)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  ×${(r.p95 / reference).toFixed(1).padStart(5)} of /healthz  ${verdict}`,
  );
}
server.close();
await tollgate.stop();
await dataSource.destroy();
