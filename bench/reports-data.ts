// Generates the reports benchmark database: a directory of 5,000 users on
// 6,000 lines in 50 departments, and N calls spread evenly over 2024 (UTC),
// stored in start order as the CDR collector stores them. All in SQL
// (recursive CTEs) on one better-sqlite3 connection: rows go in without
// secondary indexes, which are then built once, and ANALYZE records the
// statistics the planner uses. Deterministic: the same N gives the same rows.
// Bound numbers arrive as REAL: the sequence is cast so every instant is an
// INTEGER, as the collector stores them.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import {
  callDestinationTypeCodes,
  callDirectionCodes,
  createDataSource,
  rebuildCallSummariesSql,
} from '../src/store/index.js';

/** The slice of better-sqlite3's connection the generator uses (reached through TypeORM's driver). */
interface SqliteHandle {
  prepare(sql: string): { run(...values: unknown[]): unknown; all(...values: unknown[]): unknown[] };
  exec(sql: string): void;
  pragma(source: string): unknown;
}

const handleOf = (ds: DataSource) => (ds.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;

export const YEAR_START = Date.UTC(2024, 0, 1) / 1000;
export const YEAR_SECONDS = 366 * 86_400;
export const GENERATOR_VERSION = 4;

const CHUNK = 1_000_000;

/** Where generated data sets are cached: BENCH_DATA_DIR (e.g. /tmp/<branch>/), else bench/out/. */
export const benchDataDir = (): string => process.env.BENCH_DATA_DIR ?? join(import.meta.dirname, 'out');

/** The cached N-call data set, generated first if missing or stale, migrated otherwise; returns its path. */
export async function cachedReportsData(total: number): Promise<string> {
  const outDir = benchDataDir();
  const source = join(outDir, `reports-${total}.db`);
  if (!(await isGenerated(source, total))) {
    mkdirSync(outDir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${source}${suffix}`, { force: true });
    console.log(`generating ${total.toLocaleString('en')} calls into ${source}`);
    await generate(source, total, (line) => console.log(line));
  } else {
    await migrateCached(source, (line) => console.log(line));
  }
  return source;
}

/**
 * The stored code of a text of a closed set (calls.direction_code, calls.destination_type_code: the text columns are
 * generated from them).
 */
const codeSql = (text: string, codes: readonly string[]) =>
  `CASE ${text} ${codes.map((t, code) => `WHEN '${t}' THEN ${code}`).join(' ')} END`;

/** One pseudo-random 32-bit value per row and salt (Knuth's multiplicative hash). */
const hash = (salt: number) => `(((n + ${salt}) * 2654435761) % 4294967296)`;

function callsInsert(total: number): string {
  return `
WITH RECURSIVE seq(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < CAST(? AS INTEGER)),
raw AS (
  SELECT n,
    ${YEAR_START} + (n * ${YEAR_SECONDS}) / ${total} AS start,
    ${hash(0)} % 100 AS dp,
    (${hash(1)} / 7) % 100 AS ap,
    (${hash(2)} / 3) % 6000 AS li,
    (${hash(3)} / 11) % 100 AS tp,
    ${hash(4)} AS h
  FROM seq
),
shaped AS (
  SELECT n, start, li, tp, h,
    CASE WHEN dp < 60 THEN 'outgoing' WHEN dp < 85 THEN 'incoming' WHEN dp < 98
      THEN 'internal' ELSE 'transit' END AS direction,
    ap < 85 AS answered,
    '2' || substr('000' || li, -4) AS ext,
    CASE WHEN ap < 85 THEN 5 + h % 400 + CASE WHEN h % 7 = 0 THEN h % 2400 ELSE 0 END ELSE 0 END AS dur,
    CASE WHEN tp < 45 THEN 'fixed-national' WHEN tp < 75 THEN 'mobile' WHEN tp < 90 THEN 'fixed-local'
      WHEN tp < 98 THEN CASE WHEN h % 3 = 0 THEN 'mobile' ELSE 'fixed-national' END ELSE 'premium' END AS dtype,
    CASE WHEN tp < 90 THEN 'IT' ELSE substr('DEFRGBESUSCHATNLBESG', 1 + 2 * (h % 10), 2) END AS nation
  FROM raw
)
INSERT INTO calls (cluster_code, global_call_manager_id, global_call_id, orig_leg_id, dest_leg_id, started_at,
  connected_at, ended_at,
  duration_seconds, direction_code, answered, owner_extension, owner_known, owner_line_id,
    owner_user_id, department_id,
  cost_centre_id, calling_number_if_other, outpulsed_called_number_if_other, dialled_number, detail, gateway,
    carrier_code, nation,
    destination_type_code, destination_name,
  cost_minor, currency)
SELECT 0, 1, n, 2 * n, 2 * n + 1, start, CASE WHEN answered THEN start + 5 END, start + 5 + dur,
  dur, ${codeSql('direction', callDirectionCodes)}, answered,
  ext, 1, li + 1, li % 5000 + 1, (li % 5000) % 50 + 1,
  (li % 5000) % 20 + 1,
  -- The calling number where it is not the owner's extension (calls.calling_number_if_other), no outpulsed number.
  CASE WHEN direction IN ('incoming', 'transit') THEN '0' || (2 + h % 8) || substr('0000000' || (h % 10000000),
    -7) END, '',
  CASE WHEN direction = 'internal' THEN '2' || substr('000' || ((li + 17) % 6000), -4)
       WHEN direction = 'incoming' THEN ext
       WHEN dtype = 'mobile' THEN '3' || (20 + h % 80) || substr('0000000' || (h % 10000000), -7)
       WHEN tp >= 90 AND tp < 98 THEN '00' || (30 + h % 60) || substr('00000000' || (h % 100000000), -8)
       WHEN dtype = 'premium' THEN '899' || substr('000000' || (h % 1000000), -6)
       ELSE '0' || (2 + h % 8) || substr('0000000' || (h % 10000000), -7) END,
  CASE WHEN direction = 'incoming' THEN json_array('', '', '', ext) END,
  CASE WHEN direction = 'internal' THEN NULL ELSE 'GW' || (h % 8) END,
  CASE WHEN direction = 'internal' THEN NULL ELSE (SELECT t.id FROM call_texts t WHERE t.kind = 'carrier'
    AND t.text = substr('Telco Mobico Fibra ', 1 + 6 * (h % 8 % 3), 6)) END,
  CASE WHEN direction IN ('outgoing', 'transit') THEN nation END,
  CASE WHEN direction IN ('outgoing', 'transit') THEN ${codeSql('dtype', callDestinationTypeCodes)} END,
  CASE WHEN direction IN ('outgoing', 'transit') THEN nation || ' ' || dtype END,
  CASE WHEN direction IN ('outgoing', 'transit') THEN
    (dur * CASE WHEN tp >= 90 AND tp < 98 THEN 50 WHEN dtype = 'fixed-local' THEN 1
      WHEN dtype = 'fixed-national' THEN 2 WHEN dtype = 'mobile' THEN 10 ELSE 150 END + 59) / 60 END,
  CASE WHEN direction IN ('outgoing', 'transit') THEN 'EUR' END
FROM shaped`;
}

const DIRECTORY = `
WITH RECURSIVE d(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM d WHERE i < 50) INSERT INTO departments (name)
  SELECT 'Dept ' || substr('0' || i, -2) FROM d;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20) INSERT INTO cost_centres (code,
  name) SELECT 'CC' || substr('0' || i, -2), 'Centre ' || i FROM c;
WITH RECURSIVE u(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM u WHERE i < 4999)
  INSERT INTO users (username, first_name, last_name, department_id, cost_centre_id) SELECT 'user' || i, 'User',
    'Number ' || i, i % 50 + 1, i % 20 + 1 FROM u;
WITH RECURSIVE l(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM l WHERE i < 5999)
  INSERT INTO lines (extension, partition, user_id) SELECT '2' || substr('000' || i, -4), '', i % 5000 + 1 FROM l;
INSERT INTO call_texts (kind, text) VALUES ('carrier', 'Telco '), ('carrier', 'Mobico'), ('carrier', 'Fibra ')
  ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS bench_meta (calls INTEGER, generator INTEGER);`;

/** Whether the file at `path` already holds the data set for `total` calls. */
export async function isGenerated(path: string, total: number): Promise<boolean> {
  if (!existsSync(path)) return false;
  const ds = createDataSource({ url: `sqlite:${path}` });
  await ds.initialize();
  try {
    const [row] = handleOf(ds).prepare('SELECT calls, generator FROM bench_meta').all() as Array<{
      calls: number;
      generator: number;
    }>;
    return row?.calls === total && row.generator === GENERATOR_VERSION;
  } catch {
    return false;
  } finally {
    await ds.destroy();
  }
}

/** Applies migrations newer than the cached data set (new indexes are built with the generator's sort settings). */
export async function migrateCached(path: string, say: (line: string) => void): Promise<void> {
  const ds = createDataSource({ url: `sqlite:${path}` });
  await ds.initialize();
  handleOf(ds).pragma('cache_size = -1048576');
  handleOf(ds).pragma('threads = 2');
  const t0 = performance.now();
  const applied = await ds.runMigrations({ transaction: 'each' });
  if (applied.length)
    say(
      `  migrated the cached data set: ${applied.map((m) => m.name).join(', ')} (` +
        `${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  if (applied.length) handleOf(ds).exec('ANALYZE');
  await ds.destroy();
}

/** Creates the database at `path` (which must not exist) through the real migrations, then fills it. */
export async function generate(path: string, total: number, say: (line: string) => void): Promise<void> {
  const ds = createDataSource({ url: `sqlite:${path}` });
  await ds.initialize();
  await ds.runMigrations();
  const db = handleOf(ds);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // Index builds sort 10M keys: a 1 GiB cache lets the sorter work in memory, with a helper thread.
  db.pragma('cache_size = -1048576');
  db.pragma('threads = 2');
  db.pragma('temp_store = MEMORY');
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  db.exec(DIRECTORY);

  const insert = db.prepare(callsInsert(total));
  const t0 = performance.now();
  for (let first = 1; first <= total; first += CHUNK) {
    insert.run(first, Math.min(first + CHUNK - 1, total));
    say(
      `  ${Math.min(first + CHUNK - 1, total).toLocaleString('en')} calls (` +
        `${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  for (const sql of rebuildCallSummariesSql(0, 2 ** 40)) db.exec(sql);
  say(`  call summaries (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const t1 = performance.now();
  for (const { name, sql } of indexes) {
    db.exec(sql);
    say(`  index ${name} (${((performance.now() - t1) / 1000).toFixed(0)} s)`);
  }
  db.exec('ANALYZE');
  db.prepare('INSERT INTO bench_meta (calls, generator) VALUES (?, ?)').run(total, GENERATOR_VERSION);
  db.pragma('journal_mode = WAL');
  await ds.destroy();
}

/**
 * A fresh copy of the cached N-call data set (generated first if missing or stale) at
 * bench/out/<name>-N.db, for a benchmark that changes what it reads (accounts, sessions).
 */
export async function copyOfReportsData(total: number, name: string): Promise<string> {
  const source = await cachedReportsData(total);
  const path = join(benchDataDir(), `${name}-${total}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  copyFileSync(source, path);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${path}-wal`);
  return path;
}
