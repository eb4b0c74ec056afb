// Server time of the Interactive Reports pages (issue 16: a report page ≤ 100 ms p95 at 10M calls on
// SQLite), served by the real daemon as `serve` runs it (a SQLite file, so report queries run in the
// reader thread) on loopback to a signed-in client, one request at a time, BENCH_REPORT_ROUNDS requests
// per page after 3 warm-ups. At each scale of BENCH_WEB_SCALES (calls x users, default "1000000x20000";
// "1000000x20000,10000000x20000" compares 1M with 10M calls) in this one process, over stores built once
// under BENCH_DATA_DIR and reused (bench/portal-bench-store.ts). Per page: wall and server CPU p50/p95
// (bench/page-timing.ts, CPU of every thread); the reference is GET /healthz in the same run.
// Usage: BENCH_DATA_DIR=/tmp/web1516 BENCH_WEB_SCALES=1000000x20000,10000000x20000 npm run bench -- interactive-reports
import pino from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { loadAverage, pageLine, scalesOf, servePages, type PageFigures } from './page-timing.js';
import { portalBenchStore } from './portal-bench-store.js';

const rounds = Number(process.env.BENCH_REPORT_ROUNDS ?? 40);
const scales = scalesOf(process.env.BENCH_WEB_SCALES, '1000000x20000');

for (const { calls, users } of scales) {
  const path = await portalBenchStore(calls, users);
  const config = configSchema.parse({
    logging: { level: 'warn' },
    cdr: { enabled: false },
    database: { url: `sqlite:${path}` },
  });
  const tollgate = await composeTollgate(config, { log: pino({ level: 'warn' }) });
  const server = await servePages(tollgate.requestListener);
  const admin = await server.signIn('admin');
  const user = await server.signIn('user1');
  const supervisor = await server.signIn('user7');
  const march = 'run=1&tz=UTC&from=2024-03-01&to=2024-03-31';
  const midMarch = Buffer.from(JSON.stringify([Date.UTC(2024, 2, 20) / 1000, 0])).toString('base64url');
  const run = '/reports/interactive/run';
  const pages: Array<[string, string, string]> = [
    ['reference /healthz', '/healthz', admin],
    ['Catalogue (admin)', '/reports/interactive', admin],
    ['Preview: cost by department (admin)', `/reports/interactive/preview?report=cost-by-department`, admin],
    ['Call list March, page 1 (admin)', `${run}?${march}&kind=calls&totals=1`, admin],
    ['Call list March, totals (admin, lazy part)', `/reports/interactive/totals?${march}&kind=calls&totals=1`, admin],
    // Deep in March by its cursor, as the Next links carry it (the start time and id the page starts after).
    ['Call list March, page 200 by cursor (admin)', `${run}?${march}&kind=calls&page=200&after=${midMarch}`, admin],
    ['Call list March, old ?page=200 bookmark (303)', `${run}?${march}&kind=calls&page=200`, admin],
    ['Call list March, external outgoing (admin)', `${run}?${march}&kind=calls&traffic=external&dir=outgoing`, admin],
    [
      'Call list March, AND/OR restrictions (admin)',
      `${run}?${march}&kind=calls&cj=and&cf=duration&co=ge&cv=600&cj=or&cf=destinationType&co=eq&cv=premium`,
      admin,
    ],
    ['Call list March (supervisor, one dept)', `${run}?${march}&kind=calls`, supervisor],
    ['Call list March (user, own calls)', `${run}?${march}&kind=calls`, user],
    ['Cost by department, March (admin)', `${run}?${march}&kind=summary&groupBy=department`, admin],
    [
      'Cost by extension top 10, March (supervisor)',
      `${run}?${march}&kind=summary&groupBy=extension&top=10`,
      supervisor,
    ],
    ['Cost by day, March (admin)', `${run}?${march}&kind=trend&interval=day`, admin],
    ['Calls to or from a number (user)', `${run}?number=0612345678`, user],
  ];
  console.log(
    `interactive reports: ${calls.toLocaleString('en')} calls on SQLite, ` +
      `${users.toLocaleString('en')} users, ${rounds} requests per page, ${loadAverage()}`,
  );
  let reference: PageFigures | null = null;
  for (const [name, url, cookie] of pages) {
    const f = await server.measure(url, cookie, rounds);
    console.log(pageLine(name, f, reference, reference ? 100 : 0));
    reference ??= f;
  }
  console.log(`  (${loadAverage()})`);
  await server.close();
  await tollgate.stop();
}
