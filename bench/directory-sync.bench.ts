// Directory sync (issue 20): 20,000 users and 30,000 lines (20,000 phones, 20 trunks) read from a
// loopback AXL server (bench/axl-bench-server.ts, its own process) and written into a fresh SQLite
// file: target ≤ 60 s and ≤ 300 MB peak RSS for this process. Then the same sync again, which
// finds nothing to change (the reference: reading AXL and planning, no writes), and one where 5%
// of the users moved department and 1,000 lines disappeared.
// The machine may be shared: each sync is quoted in CPU time of this process (user+sys, what the
// target is judged by) beside its wall time, against a fixed CPU-bound loop (1e8 additions, about
// 0.1 s on a quiet core) timed in the same run, with the load average.
// Usage: npm run bench -- directory-sync   (AXL_BENCH_USERS=20000, AXL_BENCH_LINES=30000, AXL_BENCH_CONCURRENCY=2)
//   npm run build && DIRSYNC_BENCH_BUILT=1 npm run bench -- directory-sync   (the compiled code, as installed: the
//   modules from dist/, so the process holds no TypeScript transform of them; tsx still loads this file)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';

const built = process.env.DIRSYNC_BENCH_BUILT === '1';
const code = built ? '../dist/src' : '../src';
const [{ createAuditService }, { systemClock }, { configSchema }, { createDirectorySyncService }, events, store] =
  (await Promise.all([
    import(`${code}/audit/index.js`),
    import(`${code}/clock.js`),
    import(`${code}/config/index.js`),
    import(`${code}/directory-sync/index.js`),
    import(`${code}/events/index.js`),
    import(`${code}/store/index.js`),
  ])) as [
    typeof import('../src/audit/index.js'),
    typeof import('../src/clock.js'),
    typeof import('../src/config/index.js'),
    typeof import('../src/directory-sync/index.js'),
    typeof import('../src/events/index.js'),
    typeof import('../src/store/index.js'),
  ];
const { createEventBus } = events;
const { createDataSource } = store;

/** CPU seconds (user+sys) of this process since `since`. */
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function referenceLoop(): { wall: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i;
  if (x < 0) console.log(x);
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds(cpu) };
}

const outDir = join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });
const dbPath = join(outDir, 'directory-sync.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });

const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'axl-bench-server.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
});
const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
const axl = JSON.parse(first) as { url: string; username: string; password: string; fingerprint: string };

const dataSource = createDataSource({ url: `sqlite:${dbPath}` });
await dataSource.initialize();
await dataSource.runMigrations();
const config = configSchema.parse({
  directorySync: {
    people: 'axl',
    lines: 'axl',
    axl: {
      enabled: true,
      url: axl.url,
      username: axl.username,
      password: axl.password,
      certificateSha256: axl.fingerprint,
      concurrency: Number(process.env.AXL_BENCH_CONCURRENCY ?? 2),
    },
  },
});
const sync = createDirectorySyncService({
  dataSource,
  events: createEventBus(() => undefined),
  audit: createAuditService({ dataSource, clock: systemClock }),
  clock: systemClock,
  log: pino({ level: 'warn' }),
  settings: { ldap: config.ldap, sync: config.directorySync },
});
const by = { actor: 'bench', role: 'admin', via: 'system' as const, from: 'bench' };
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function timed(label: string) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await sync.run({ sources: ['axl'], dryRun: false, by });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  const c = result.counts;
  console.log(
    `${label.padEnd(28)} wall ${seconds.toFixed(1).padStart(5)} s  cpu ` +
      `${cpuUsed.toFixed(1).padStart(5)} s   users +${c.users.added} ~${c.users.changed} -` +
      `${c.users.removed}   lines +${c.lines.added} ~${c.lines.changed} -${c.lines.removed}   ` +
      `phones +${c.devices.added} ~${c.devices.changed} -${c.devices.removed}   peak RSS ` +
      `${mb(process.resourceUsage().maxRSS)}   load ${load()}`,
  );
  return { wall: seconds, cpu: cpuUsed };
}

/** Rows of the directory's tables and the database's write counter: the unchanged re-sync must leave both alone. */
async function writesSoFar(): Promise<string> {
  const [row] = (await dataSource.query(
    'SELECT total_changes() - (SELECT count(*) FROM audit_log) AS writes, (SELECT count(*) FROM users) AS users',
  )) as Array<{ writes: number; users: number }>;
  return `${row!.writes} row writes, ${row!.users} users`;
}

const { rss: baselineRss, heapUsed: baselineHeap } = process.memoryUsage();
try {
  const before = referenceLoop();
  const full = await timed('first sync (all new)');
  const written = await writesSoFar();
  const again = await timed('same sync again (no change)');
  const rewritten = await writesSoFar();
  const after = referenceLoop();
  const ref = { wall: (before.wall + after.wall) / 2, cpu: (before.cpu + after.cpu) / 2 };
  const peak = process.resourceUsage().maxRSS;
  console.log(
    `reference loop: cpu ${before.cpu.toFixed(2)} s before, ${after.cpu.toFixed(2)} s after (wall ` +
      `${before.wall.toFixed(2)}, ${after.wall.toFixed(2)}); load ${load()}`,
  );
  console.log(
    `first sync = ${(full.cpu / ref.cpu).toFixed(0)}x the reference in CPU time (` +
      `${(full.wall / ref.wall).toFixed(0)}x in wall time); unchanged re-sync = ` +
      `${(again.cpu / ref.cpu).toFixed(0)}x (${(again.cpu / full.cpu).toFixed(2)} of the first sync's CPU time)`,
  );
  console.log(`database writes after the first sync: ${written}; after the unchanged re-sync: ${rewritten}`);
  console.log(
    `code: ${built ? 'compiled (dist/)' : 'TypeScript sources through tsx'}; RSS after loading the modules, ` +
      `before any sync: ${mb(baselineRss / 1024)} (V8 heap ${mb(baselineHeap / 1024)} used); peak during the ` +
      `syncs: ${mb(peak)}`,
  );
  console.log(
    `targets: first sync ≤ 60 s CPU: ${full.cpu <= 60 ? 'met' : 'MISSED'}; peak RSS ≤ 300 MB: ` +
      `${peak <= 300 * 1024 ? 'met' : 'MISSED'}; re-sync writes nothing: ${written === rewritten ? 'met' : 'MISSED'}`,
  );
} finally {
  child.kill();
  await dataSource.destroy();
}
