// Idle cost of schedules: two real daemons (`tollgate serve`, each on its own SQLite file) idle side by
// side for the same 30 s, one with 10,000 schedules (daily reports, the next runs tomorrow), one with none;
// the process CPU time (utime + stime from /proc) each used is compared. The scheduler sleeps on one timer
// until the earliest next run, so the schedules should cost next to nothing (target: ≤ 1 % of a core).
// Usage: npm run bench -- scheduler-idle   (SCHEDULER_BENCH_SCHEDULES=10000, SCHEDULER_BENCH_SECONDS=30)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createManualClock } from '../src/clock.js';
import { createScheduleService } from '../src/scheduler/index.js';
import { createDataSource } from '../src/store/index.js';

const count = Number(process.env.SCHEDULER_BENCH_SCHEDULES ?? 10_000);
const seconds = Number(process.env.SCHEDULER_BENCH_SECONDS ?? 30);
const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const ticksPerSecond = 100; // USER_HZ on Linux

async function prepare(dir: string, schedules: number): Promise<string> {
  const url = `sqlite:${join(dir, 'tollgate.db')}`;
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const service = createScheduleService({ dataSource, clock: createManualClock(new Date()) });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const payload = { report: 'call-monitor', recipients: ['ops@example.com'], format: 'xlsx' };
  for (let i = 0; i < schedules; i++) {
    const minute = i % 1440;
    const startLocal =
      `${tomorrow}T${String(Math.floor(minute / 60)).padStart(2, '0')}:` + `${String(minute % 60).padStart(2, '0')}`;
    await service.create({
      owner: 'cli',
      kind: 'report',
      description: `bench ${i}`,
      payload,
      recurrence: { startLocal, timeZone: 'Europe/Rome', every: 1, unit: 'days' },
    });
  }
  await dataSource.destroy();
  return url;
}

function serve(url: string, dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'serve'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TOLLGATE_DATABASE_URL: url,
      TOLLGATE_HTTP_PORT: '0',
      TOLLGATE_HTTP_HOST: '127.0.0.1',
    },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (out.includes('tollgate is serving')) resolve(child);
    });
    child.stderr?.on('data', () => undefined);
    child.once('exit', (code) => reject(new Error(`daemon exited ${code}: ${out.slice(-2000)}`)));
  });
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

const dirs = [
  mkdtempSync(join(tmpdir(), 'tollgate-sched-bench-none-')),
  mkdtempSync(join(tmpdir(), 'tollgate-sched-bench-many-')),
];
const children: ChildProcess[] = [];
try {
  const started = Date.now();
  const urls = [await prepare(dirs[0]!, 0), await prepare(dirs[1]!, count)];
  console.log(`${count} schedules created in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  children.push(...(await Promise.all(urls.map((url, i) => serve(url, dirs[i]!)))));
  await new Promise((resolve) => setTimeout(resolve, 5000)); // start-up work (migrations, first reads) settles
  const before = children.map((c) => cpuSeconds(c.pid!));
  const t0 = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = children.map((c, i) => cpuSeconds(c.pid!) - before[i]!);
  const pct = used.map((u) => (100 * u) / elapsed);
  console.log(
    `idle ${elapsed.toFixed(1)} s: no schedules ${used[0]!.toFixed(2)} s CPU (${pct[0]!.toFixed(2)} % of a core)`,
  );
  console.log(
    `idle ${elapsed.toFixed(1)} s: ${count} schedules ${used[1]!.toFixed(2)} s CPU (${pct[1]!.toFixed(2)} % of a core)`,
  );
  const extra = pct[1]! - pct[0]!;
  console.log(
    `cost of ${count} schedules: ${extra.toFixed(2)} percentage points of a core (target ≤ 1); ` +
      `ratio ${(used[1]! / Math.max(used[0]!, 0.01)).toFixed(2)}×`,
  );
  if (extra > 1) process.exitCode = 1;
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
