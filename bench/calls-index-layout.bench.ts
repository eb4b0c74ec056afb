// What the calls table's per-owner indexes cost the ingest (issue 18), and what a time-bucketed key would cost
// instead. A synthetic table shaped like the narrow calls row (24 columns, a unique natural key, a started_at
// index) receives N rows in commits of 2,000, as the ingest's store thread does (WAL, synchronous NORMAL, 8 MB
// cache, a passive checkpoint every 20 commits). Variants of the two per-owner indexes:
//   - per owner, then time: (owner_user_id, started_at) and (owner_extension, started_at), today's layout; each
//     commit's rows land at random places in them, so every row dirties its own pages;
//   - per day, then owner, then time: (started_at / 86400, owner_user_id, started_at), likewise for the
//     extension; rows arriving in time order all land in the current day's small region of the index;
//   - none: the reference, the table with only the natural key and started_at.
//   - the per-owner layout again with a page cache that holds every page (512 MB), or with the file mapped
//     (mmap 1 GB): whether the cost is the 8 MB cache of the ingest connection rather than the layout;
// Figures: CPU microseconds per stored row (user+sys of this process), and each variant's ratio to the reference
// measured in the same run (the machine may be shared).
//   npm run bench -- calls-index-layout      (CALLS_INDEX_BENCH_ROWS=1000000 by default)
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The slice of better-sqlite3 (TypeORM's SQLite driver, which ships no types here) this bench uses. */
interface SqliteDatabase {
  pragma(source: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(values: unknown[]): unknown; all(values: unknown[]): unknown[] };
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => SqliteDatabase;

const rows = Number(process.env.CALLS_INDEX_BENCH_ROWS ?? 1_000_000);
const BATCH = 2_000;
const COLUMNS = 24;
const USERS = 5_000;
const EXTENSIONS = 6_000;
const CALLS_PER_DAY = 27_000; // 10M calls a year

const OWNER_FIRST =
  'CREATE INDEX ix_user ON calls (owner_user_id, started_at);' +
  'CREATE INDEX ix_ext ON calls (owner_extension, started_at);';
const DAY_FIRST =
  'CREATE INDEX ix_user ON calls (started_at / 86400, owner_user_id, started_at);' +
  'CREATE INDEX ix_ext ON calls (started_at / 86400, owner_extension, started_at);';
/** The ingest connection's page cache (src: cdr-collector/sqlite-ingest-store.ts), and larger ones. */
const INGEST_CACHE = ['cache_size = -8192'];
const variants: Array<{ name: string; indexes: string; pragmas: string[] }> = [
  { name: 'none (reference)', indexes: '', pragmas: INGEST_CACHE },
  { name: 'per owner, then time (before)', indexes: OWNER_FIRST, pragmas: INGEST_CACHE },
  // Is it the cache, not the layout? The same indexes with every page of them cached (or mapped).
  { name: 'per owner, then time, 512 MB cache', indexes: OWNER_FIRST, pragmas: ['cache_size = -524288'] },
  {
    name: 'per owner, then time, 8 MB cache + 1 GB mmap',
    indexes: OWNER_FIRST,
    pragmas: [...INGEST_CACHE, 'mmap_size = 1073741824'],
  },
  { name: 'per day, then owner, then time (now)', indexes: DAY_FIRST, pragmas: INGEST_CACHE },
];

const extra = Array.from({ length: COLUMNS - 4 }, (_, j) => `c${j}`);
const columns = ['natural_key', 'started_at', 'owner_user_id', 'owner_extension', ...extra];

function row(i: number): unknown[] {
  const h = Math.imul(i + 1, 2654435761) >>> 0;
  const values: unknown[] = [
    i,
    1_704_067_200 + Math.floor((i * 86_400) / CALLS_PER_DAY),
    h % USERS,
    `${h % EXTENSIONS}`,
  ];
  for (let j = 0; j < extra.length; j++)
    values.push(j % 3 === 0 ? h % 100_000 : j % 3 === 1 ? `v${(h >>> j) % 5000}` : null);
  return values;
}

function run(dir: string, indexes: string, pragmas: string[]): { cpu: number; indexMb: number } {
  const path = join(dir, 'calls.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const pragma of pragmas) db.pragma(pragma);
  db.exec(
    `CREATE TABLE calls (id INTEGER PRIMARY KEY, natural_key INTEGER NOT NULL, started_at INTEGER NOT NULL, ` +
      `owner_user_id INTEGER, owner_extension TEXT NOT NULL, ${extra.map((c) => `${c} ANY`).join(', ')});` +
      'CREATE UNIQUE INDEX uq_natural_key ON calls (natural_key);' +
      'CREATE INDEX ix_started_at ON calls (started_at);' +
      indexes,
  );
  const insert = db.prepare(
    `INSERT INTO calls (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
  );
  const commit = db.transaction((batch: unknown[][]) => {
    for (const values of batch) insert.run(values);
  });
  const before = process.cpuUsage();
  for (let first = 0, n = 0; first < rows; first += BATCH, n++) {
    const batch: unknown[][] = [];
    for (let i = first; i < Math.min(first + BATCH, rows); i++) batch.push(row(i));
    commit(batch);
    if (n % 20 === 19) db.pragma('wal_checkpoint(PASSIVE)');
  }
  const used = process.cpuUsage(before);
  // The two owner indexes' size, against the cache: dbstat counts their pages.
  const [size] = db
    .prepare("SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN ('ix_user', 'ix_ext')")
    .all([]) as Array<{ bytes: number | null }>;
  db.close();
  return { cpu: (used.user + used.system) / rows, indexMb: (size?.bytes ?? 0) / 2 ** 20 };
}

const dir = mkdtempSync(join(tmpdir(), 'tollgate-calls-index-'));
try {
  console.log(
    `${rows.toLocaleString('en')} rows in commits of ${BATCH}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const reference = run(dir, variants[0]!.indexes, variants[0]!.pragmas).cpu;
  console.log(`=> ${variants[0]!.name}: ${reference.toFixed(1)} µs CPU per row`);
  for (const variant of variants.slice(1)) {
    const { cpu, indexMb } = run(dir, variant.indexes, variant.pragmas);
    console.log(
      `=> ${variant.name}: ${cpu.toFixed(1)} µs CPU per row = ${(cpu / reference).toFixed(2)}× the reference ` +
        `(owner indexes ${indexMb.toFixed(0)} MB)`,
    );
  }
  console.log(
    `load average after ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
