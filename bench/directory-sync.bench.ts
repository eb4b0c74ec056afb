// Directory sync (issue 20): 20,000 users and 30,000 lines (20,000 phones, 20 trunks) read from a
// loopback AXL server (bench/axl-bench-server.ts, its own process) and written into a fresh SQLite
// file: target ≤ 60 s and ≤ 300 MB peak RSS for this process. Then the same sync again, which
// finds nothing to change (the reference: reading AXL and planning, no writes), and one where 5%
// of the users moved department and 1,000 lines disappeared.
// The machine may be shared: the reference is a fixed CPU-bound loop (1e8 additions, about 0.1 s on
// a quiet core) timed in the same run, and the sync is quoted as a multiple of it.
// Usage: npm run bench -- directory-sync   (AXL_BENCH_USERS=20000, AXL_BENCH_LINES=30000, AXL_BENCH_CONCURRENCY=2)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createAuditService } from '../src/audit/index.js';
import { systemClock } from '../src/clock.js';
import { configSchema } from '../src/config/index.js';
import { createDirectorySyncService } from '../src/directory-sync/index.js';
import { createEventBus } from '../src/events/index.js';
import { createDataSource } from '../src/store/index.js';

function referenceLoop(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i;
  if (x < 0) console.log(x);
  return (performance.now() - started) / 1000;
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
  const result = await sync.run({ sources: ['axl'], dryRun: false, by });
  const seconds = (performance.now() - started) / 1000;
  const c = result.counts;
  console.log(
    `${label.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s   users +${c.users.added} ~${c.users.changed} -${c.users.removed}   lines +${c.lines.added} ~${c.lines.changed} -${c.lines.removed}   phones +${c.devices.added} ~${c.devices.changed} -${c.devices.removed}   peak RSS ${mb(process.resourceUsage().maxRSS)}`,
  );
  return seconds;
}

const baselineRss = process.memoryUsage().rss;
try {
  const before = referenceLoop();
  const full = await timed('first sync (all new)');
  const reference = await timed('same sync again (no change)');
  const after = referenceLoop();
  const ref = (before + after) / 2;
  console.log(`first sync / unchanged re-sync: ${(full / reference).toFixed(2)}x`);
  console.log(
    `reference loop: ${before.toFixed(2)} s before, ${after.toFixed(2)} s after; first sync = ${(full / ref).toFixed(0)}x the reference`,
  );
  console.log(
    `RSS after loading the modules, before any sync: ${mb(baselineRss / 1024)}; peak during the syncs: ${mb(process.resourceUsage().maxRSS)}`,
  );
  console.log(
    `targets: first sync ≤ 60 s: ${full <= 60 ? 'met' : 'MISSED'}; peak RSS ≤ 300 MB: ${process.resourceUsage().maxRSS <= 300 * 1024 ? 'met' : 'MISSED'}`,
  );
} finally {
  child.kill();
  await dataSource.destroy();
}
