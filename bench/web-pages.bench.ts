// Server time of each web portal page of issue 15 (target ≤ 50 ms p95 with 20,000 users and 10M calls),
// served by the real daemon (composeTollgate) on loopback to a signed-in client, one request at a time,
// at each scale of BENCH_WEB_SCALES (calls x users, default "1000000x2000,1000000x20000"; e.g.
// "1000000x20000,10000000x20000" to see what grows with the calls) in this one process. The stores are
// built once under BENCH_DATA_DIR (bench/portal-bench-store.ts) and reused. Per page: wall and server CPU
// p50/p95 (bench/page-timing.ts); the reference is GET /healthz in the same run.
// Usage: BENCH_DATA_DIR=/tmp/web1516 BENCH_WEB_SCALES=1000000x20000,10000000x20000 npm run bench -- web-pages
import pino from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { loadAverage, pageLine, scalesOf, servePages, type PageFigures } from './page-timing.js';
import { portalBenchStore } from './portal-bench-store.js';

const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 100);
const scales = scalesOf(process.env.BENCH_WEB_SCALES, '1000000x2000,1000000x20000');

for (const { calls, users } of scales) {
  const path = await portalBenchStore(calls, users);
  const dataSource = createDataSource({ url: `sqlite:${path}` });
  await dataSource.initialize();
  const config = configSchema.parse({ logging: { level: 'warn' }, cdr: { enabled: false } });
  const tollgate = await composeTollgate(config, { log: pino({ level: 'warn' }), dataSource });
  const server = await servePages(tollgate.requestListener);
  const admin = await server.signIn('admin');
  const user = await server.signIn('user1');
  const supervisor = await server.signIn('user7');
  const lastPage = Math.ceil(users / 50);
  const pages: Array<[string, string, string]> = [
    ['reference /healthz', '/healthz', admin],
    ['Home (user)', '/', user],
    ['My Phone (user)', '/phone-lock', user],
    ['My budgets (user)', '/budgets/mine', user],
    ['My account (user)', '/account', user],
    ['Users page 1 (admin)', '/phone-lock/users', admin],
    [`Users page ${lastPage}, the last (admin)`, `/phone-lock/users?page=${lastPage}`, admin],
    ['Users filtered by last name (admin)', '/phone-lock/users?lastName=number%201999', admin],
    ['Users (supervisor of one department)', '/phone-lock/users', supervisor],
    ['Budgets (admin)', '/budgets', admin],
    ['Audit (admin)', '/audit', admin],
  ];
  console.log(
    `web pages: ${calls.toLocaleString('en')} calls, ${users.toLocaleString('en')} users, ${rounds} ` +
      `requests each, ${loadAverage()}`,
  );
  let reference: PageFigures | null = null;
  for (const [name, url, cookie] of pages) {
    const f = await server.measure(url, cookie, rounds);
    console.log(pageLine(name, f, reference, reference ? 50 : 0));
    reference ??= f;
  }
  console.log(`  (${loadAverage()})`);
  await server.close();
  await tollgate.stop();
  await dataSource.destroy();
}
