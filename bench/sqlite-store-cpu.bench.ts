// The SQLite ingest store alone (issue 18): the CPU its thread spends per record to commit batches of calls,
// without the parse thread. The rows are replayed from a database an ingest filled (CDR_BENCH_KEEP of the
// cdr-ingest bench), packed as the parse thread packs them, into a freshly migrated database.
//   CDR_BENCH_KEEP=/tmp/x/kept.db CDR_BENCH_RECORDS=200000 npm run bench -- cdr-ingest
//   STORE_BENCH_FROM=/tmp/x/kept.db npm run bench -- sqlite-store-cpu
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  callInsertColumns,
  createPackedCallRowsWriter,
  createSqliteIngestStore,
  unpackCallRows,
  type CallRowValues,
  type SqliteHandle,
} from '../cdr-collector/testing/sqlite-store-parts.js';
import { callCodedColumns, callTextSql, createDataSource } from '../src/store/index.js';

const from = process.env.STORE_BENCH_FROM;
if (!from) throw new Error('STORE_BENCH_FROM=<a database the cdr-ingest bench kept> is required');
const batchSize = Number(process.env.STORE_BENCH_BATCH ?? 2000);
/** The slice of better-sqlite3 (TypeORM's SQLite driver, which ships no types here) this bench reads with. */
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  path: string,
  options: { readonly: boolean },
) => { prepare(sql: string): { raw(): { all(): unknown[] } }; close(): void };
const source = new Database(from, { readonly: true });
// Coded columns carry their texts, as the parse thread hands them over (a database from before the codes has the
// text columns themselves).
const coded = source.prepare("SELECT name FROM sqlite_master WHERE name = 'call_texts'").raw().all().length > 0;
const snake = (property: string) => property.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const columns = callInsertColumns.map((name) => {
  const c = callCodedColumns.find((k) => k.name === name);
  if (c) return coded ? `${callTextSql(c.property, 'calls')} AS ${name}` : snake(c.property);
  // The detail as the parse thread hands it to a SQLite store: JSONB bytes (jsonb-array-writer.ts).
  return name === 'detail' ? 'jsonb(detail) AS detail' : name;
});
const rows = source
  .prepare(`SELECT ${columns.join(', ')} FROM calls ORDER BY id`)
  .raw()
  .all() as CallRowValues[];
source.close();
const answered = callInsertColumns.indexOf('answered');
const known = callInsertColumns.indexOf('owner_known');
for (const row of rows) {
  row[answered] = row[answered] === 1;
  row[known] = row[known] === 1;
}

const dir = mkdtempSync(join(tmpdir(), 'tollgate-store-bench-'));
try {
  const ds = createDataSource({ url: `sqlite:${join(dir, 'store.db')}` });
  await ds.initialize();
  await ds.runMigrations();
  await ds.query(
    'INSERT INTO cdr_files (source, name, size_bytes, checksum, kind, cluster_id, status, reason, received_at) ' +
      "VALUES ('bench', 'f', 0, 'x', 'cdr', 'c', 'storing', '', 0)",
  );
  // STORE_BENCH_DROP=ix_a,ix_b: what those indexes cost (dropped before the replay).
  for (const index of (process.env.STORE_BENCH_DROP ?? '').split(',').filter(Boolean))
    await ds.query(`DROP INDEX ${index}`);
  // STORE_BENCH_SQL='CREATE INDEX …;…': another layout tried (run after the drops).
  for (const sql of (process.env.STORE_BENCH_SQL ?? '').split(';').filter((s) => s.trim())) await ds.query(sql);
  const db = (ds.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
  const store = createSqliteIngestStore(db);
  // Packed batches, as the parse thread hands them over; unpacked (as the store thread does) inside the timing.
  const packed = [];
  for (let at = 0; at < rows.length; at += batchSize) {
    const writer = createPackedCallRowsWriter(callInsertColumns.length, batchSize);
    for (const row of rows.slice(at, at + batchSize)) for (const v of row) writer.put(v);
    packed.push(writer.finish());
  }
  const cpu0 = process.cpuUsage();
  let stored = 0;
  for (const calls of packed) {
    const outcome = await store.commitBatch({
      fileId: 1,
      calls: unpackCallRows(calls),
      qualities: [],
      rejects: [],
      rejectsNotKept: 0,
      skipped: 0,
      linesCommitted: 0,
      finishedAt: null,
      now: 0,
    });
    stored += outcome.storedCalls;
  }
  const cpu = process.cpuUsage(cpu0);
  const us = (cpu.user + cpu.system) / rows.length;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `${stored.toLocaleString('en')} of ${rows.length.toLocaleString('en')} calls stored in batches of ${batchSize}`,
  );
  console.log(
    `=> store CPU per record ${us.toFixed(1)} µs (user ${(cpu.user / rows.length).toFixed(1)}, ` +
      `system ${(cpu.system / rows.length).toFixed(1)}); load average ${load}`,
  );
  await ds.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
