// Server time of the Call Analytics pages (issue 16: Home ≤ 50 ms, full dashboard ≤ 200 ms at p95 with
// 10M calls on SQLite): Home, the Dashboard with every widget, and the three gadgets, served by the real
// daemon (composeTollgate) on loopback, one request at a time, with the clock set to 2024-06-14 15:00 UTC
// so "today", "this week" and "this month" hold calls. At each scale of BENCH_WEB_SCALES (calls x users,
// default "1000000x20000"; "1000000x20000,10000000x20000" compares 1M with 10M calls) in this one process,
// over stores built once under BENCH_DATA_DIR and reused (bench/portal-bench-store.ts). Per page: wall
// and server CPU p50/p95 (bench/page-timing.ts); references: GET /healthz and My account.
// Usage: BENCH_DATA_DIR=/tmp/web1516 BENCH_WEB_SCALES=1000000x20000,10000000x20000 npx tsx
// bench/call-analytics-pages.bench.ts
import pino from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { loadAverage, pageLine, scalesOf, servePages, type PageFigures, type PageServer } from './page-timing.js';
import { portalBenchStore } from './portal-bench-store.js';

const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 60);
const widgetRounds = Number(process.env.BENCH_WIDGET_ROUNDS ?? 10);
const scales = scalesOf(process.env.BENCH_WEB_SCALES, '1000000x20000');
const now = new Date('2024-06-14T15:00:00Z');

/** The Dashboard's form token, the widgets its Add form offers and those it shows. */
async function dashboardForm(
  server: PageServer,
  cookie: string,
): Promise<{ csrf: string; widgets: string[]; shown: string[] }> {
  const page = await (await fetch(`${server.base}/dashboard`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const widgets = [...page.matchAll(/name="widget" value="([^"]+)"/g)].map((m) => m[1]!);
  return { csrf, widgets, shown: [...page.matchAll(/ id="w-([a-z0-9-]+)"/g)].map((m) => m[1]!) };
}

async function post(server: PageServer, cookie: string, path: string, fields: string[][]): Promise<void> {
  await fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: server.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

/** Puts every widget on a person's dashboard through the page's own form. */
async function addEveryWidget(server: PageServer, cookie: string): Promise<void> {
  const { csrf, widgets } = await dashboardForm(server, cookie);
  await post(server, cookie, '/dashboard/widgets', [
    ['_csrf', csrf],
    ['zone', 'bottom-right'],
    ...widgets.map((w) => ['widget', w]),
  ]);
}

/** Leaves one widget alone on the person's dashboard (the others removed through the page's own form). */
async function onlyWidget(server: PageServer, cookie: string, widget: string): Promise<void> {
  const { csrf, shown } = await dashboardForm(server, cookie);
  for (const w of shown)
    await post(server, cookie, `/dashboard/widgets/${w}`, [
      ['_csrf', csrf],
      ['action', 'remove'],
    ]);
  await post(server, cookie, '/dashboard/widgets', [
    ['_csrf', csrf],
    ['zone', 'top-left'],
    ['widget', widget],
  ]);
}

for (const { calls, users } of scales) {
  const path = await portalBenchStore(calls, users);
  const dataSource = createDataSource({ url: `sqlite:${path}` });
  await dataSource.initialize();
  // BENCH_READER_THREADS compares report reader pools (reports.readerThreads) in one window.
  const readerThreads = Number(process.env.BENCH_READER_THREADS ?? configSchema.parse({}).reports.readerThreads);
  const config = configSchema.parse({
    logging: { level: 'warn' },
    cdr: { enabled: false },
    reports: { readerThreads },
  });
  const tollgate = await composeTollgate(config, {
    log: pino({ level: 'warn' }),
    dataSource,
    clock: { now: () => new Date(now) },
  });
  // The budget engine runs in the daemon: budget statuses (Budget Control) take their spend from its figures.
  await tollgate.budgets.engine.start();
  await tollgate.budgets.engine.idle();
  const server = await servePages(tollgate.requestListener);
  const admin = await server.signIn('admin');
  const user = await server.signIn('user1');
  const supervisor = await server.signIn('user7');
  for (const cookie of [supervisor, admin]) await addEveryWidget(server, cookie);
  // Cold: as if calls had just been stored, so cached widget figures are dropped.
  const cold = () => tollgate.events.emit('calls.stored', { fileName: 'bench', calls: [] });
  const pages: Array<[string, string, string, number, boolean?]> = [
    ['reference /healthz', '/healthz', admin, 0],
    ['reference My account (a page without reports)', '/account', user, 0],
    ['Home, top 20 (user)', '/', user, 50],
    ['Home, top 200 (user)', '/?top=200', user, 50],
    ['Home live region redrawn (user)', '/home/live?top=20&version=0', user, 50],
    ['Dashboard, default 4 widgets (user)', '/dashboard', user, 200],
    ['Dashboard, all 13 widgets (supervisor)', '/dashboard', supervisor, 200],
    ['Dashboard, all 13 widgets (admin, all calls)', '/dashboard', admin, 200],
    ['Dashboard, default 4 widgets, cold (user)', '/dashboard', user, 200, true],
    ['Dashboard, all 13 widgets, cold (supervisor)', '/dashboard', supervisor, 200, true],
    ['Dashboard, all 13 widgets, cold (admin)', '/dashboard', admin, 200, true],
    ['Gadget Call Analytics, 7 days (user)', '/gadgets/call-analytics?range=last-7-days', user, 50],
    ['Gadget Budget Control (user)', '/gadgets/budget-control', user, 50],
    ['Gadget Phone Lock (user)', '/gadgets/phone-lock', user, 50],
  ];
  console.log(
    `call analytics pages: ${calls.toLocaleString('en')} calls, ${users.toLocaleString('en')} ` +
      `users, clock at ${now.toISOString()}, ${rounds} requests each, ${readerThreads} report reader thread(s), ` +
      `${loadAverage()}`,
  );
  let reference: PageFigures | null = null;
  for (const [name, url, cookie, target, isCold] of pages) {
    const f = await server.measure(url, cookie, rounds, isCold ? cold : undefined);
    console.log(pageLine(name, f, reference, target));
    reference ??= f;
  }
  // Each widget alone on the admin's and the supervisor's dashboards, cold: what it costs to draw from the store (a
  // grouping the rollups answer should not grow with the calls; one they cannot reads the period's calls). The
  // supervisor's scope (one department) is a filter every widget's query must also hold.
  for (const [who, username] of [
    ['admin', 'admin'],
    ['supervisor', 'user7'],
  ] as const) {
    const cookie = await server.signIn(username);
    const widgetIds = (await dashboardForm(server, cookie)).shown;
    console.log(`  each widget alone, cold (${who}, ${widgetRounds} requests each)`);
    for (const widget of widgetIds) {
      await onlyWidget(server, cookie, widget);
      const f = await server.measure('/dashboard', cookie, widgetRounds, cold);
      console.log(pageLine(`  ${widget}`, f, reference, 0));
    }
  }
  console.log(`  (${loadAverage()})`);
  await server.close();
  await tollgate.budgets.engine.stop();
  await tollgate.stop();
  await dataSource.destroy();
}
