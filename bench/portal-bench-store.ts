// The portal benchmarks' store: the reports data set (bench/reports-data.ts: N calls over 2024, 5,000
// users) grown or cut to U directory users (a line each beyond the first 5,000), with the accounts the
// benchmarks sign in with (admin; user7, supervisor of Dept 08; user1 with a web password) and two
// budgets. Built once per (N, U) under BENCH_DATA_DIR (e.g. /tmp/<branch>/) and reused by every later
// run: a 10M-call file is copied once, never per run. All directory rows are written set-wise in SQL.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { benchDataDir, cachedReportsData } from './reports-data.js';

export const BENCH_PASSWORD = 'bench password 123';
const PORTAL_VERSION = 1;

interface SqliteHandle {
  prepare(sql: string): { run(...values: unknown[]): unknown; all(...values: unknown[]): unknown[] };
  exec(sql: string): void;
}
const handleOf = (ds: DataSource) => (ds.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;

async function isBuilt(path: string, users: number): Promise<boolean> {
  if (!existsSync(path)) return false;
  const ds = createDataSource({ url: `sqlite:${path}` });
  await ds.initialize();
  try {
    const [row] = handleOf(ds).prepare('SELECT users, version FROM bench_portal').all() as Array<{
      users: number;
      version: number;
    }>;
    return row?.users === users && row.version === PORTAL_VERSION;
  } catch {
    return false;
  } finally {
    await ds.destroy();
  }
}

/** Directory users 1..U (the data set has 5,000: more get a line each, fewer are removed with their lines). */
function resizeDirectory(db: SqliteHandle, users: number): void {
  if (users > 5000) {
    db.exec(`WITH RECURSIVE u(i) AS (SELECT 5000 UNION ALL SELECT i + 1 FROM u WHERE i < ${users - 1})
      INSERT INTO users (username, first_name, last_name, department_id, cost_centre_id)
      SELECT 'user' || i, 'User', 'Number ' || i, i % 50 + 1, i % 20 + 1 FROM u`);
    db.exec(`WITH RECURSIVE l(i) AS (SELECT 6000 UNION ALL SELECT i + 1 FROM l WHERE i < ${users + 999})
      INSERT INTO lines (extension, partition, user_id) SELECT '3' || substr('0000' || i, -5), '', i - 999 FROM l`);
  } else if (users < 5000) {
    // Calls keep their owner ids (a departed user's calls stay); only the directory shrinks.
    db.exec('PRAGMA foreign_keys = OFF');
    db.exec(`DELETE FROM lines WHERE user_id > ${users}`);
    db.exec(`DELETE FROM users WHERE id > ${users}`);
    db.exec('PRAGMA foreign_keys = ON');
  }
}

/** Path of the portal store for N calls and U users, built on first use. */
export async function portalBenchStore(calls: number, users: number): Promise<string> {
  const path = join(benchDataDir(), `portal-${calls}-${users}.db`);
  if (await isBuilt(path, users)) {
    const ds = createDataSource({ url: `sqlite:${path}` });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    return path;
  }
  const source = await cachedReportsData(calls);
  console.log(`building the portal store ${path}`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  copyFileSync(source, path);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${path}-wal`);
  const dataSource = createDataSource({ url: `sqlite:${path}` });
  await dataSource.initialize();
  await dataSource.runMigrations();
  resizeDirectory(handleOf(dataSource), users);
  const config = configSchema.parse({ logging: { level: 'warn' }, cdr: { enabled: false } });
  const tollgate = await composeTollgate(config, { log: pino({ level: 'warn' }), dataSource });
  await tollgate.adminAccounts.create({ username: 'admin', password: BENCH_PASSWORD, role: 'admin' });
  await tollgate.adminAccounts.create({
    username: 'user7',
    password: BENCH_PASSWORD,
    role: 'supervisor',
    departments: ['Dept 08'],
  });
  await tollgate.web?.setPassword('user1', BENCH_PASSWORD);
  const actor = { actor: 'bench', via: 'cli' } as const;
  const monthly = { scope: 'user', target: 'user1', period: 'month', amountMinor: 10_000, currency: 'EUR' } as const;
  await tollgate.budgets.service.add({ name: 'user1 monthly', ...monthly }, actor);
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
  await tollgate.stop();
  handleOf(dataSource).exec('ANALYZE users; ANALYZE lines;');
  handleOf(dataSource).exec('CREATE TABLE bench_portal (users INTEGER, version INTEGER)');
  handleOf(dataSource).prepare('INSERT INTO bench_portal (users, version) VALUES (?, ?)').run(users, PORTAL_VERSION);
  await dataSource.destroy();
  return path;
}
