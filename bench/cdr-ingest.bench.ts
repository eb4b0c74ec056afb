// CDR ingest end to end: a generated CUCM 12.5 file (133 fields) with a realistic
// traffic mix is parsed, classified, rated and stored by the ingest worker thread,
// as `tollgate ingest` does, on SQLite and (TEST_DATABASE_URL set) on PostgreSQL.
// Each ingest runs in a child process of its own, so its peak RSS is its own.
// In the same run, the references on the same file: the sqlite3 CLI's `.import`
// into a plain table, and `psql \copy` into a plain table; the ratios are
// ingest records/s ÷ reference records/s. Each reference runs just before and just
// after its ingest, and the ratio takes their mean: on this shared machine one
// `.import` of the same file took 14 s in one run and 20 s in the next, so a
// reference taken once could move a ratio by a third. Bytes per stored call: what the
// database grew by (SQLite: file size after a WAL checkpoint; PostgreSQL: the
// calls tables' total relation size) divided by the calls stored. After the SQLite
// ingest, the real `tollgate ingest FILE` command stores the same file into a database
// holding the same directory: its time from start to exit and its peak RSS, as a user sees them.
//   npm run bench -- cdr-ingest
//   CDR_BENCH_RECORDS=200000 CDR_BENCH_BATCH=10000 npm run bench -- cdr-ingest
//   CDR_BENCH_KINDS=sqlite (or postgres) npm run bench -- cdr-ingest
//   CDR_BENCH_DROP_INDEXES=all (or ix_calls_started_at,…) npm run bench -- cdr-ingest   (what the calls
//   table's secondary indexes cost: they are dropped before the ingest; the natural key always stays)
//   CDR_BENCH_EMPTY_DIRECTORY=1 npm run bench -- cdr-ingest   (no directory: every call of an unknown extension, as
//   on a new install that ingests before it imports its directory)
//   CDR_BENCH_KEEP=/tmp/x/bench.db npm run bench -- cdr-ingest   (keeps the SQLite database it ingested into)
//   The code measured is the compiled code, as installed (`node dist/src/main.js`, docs/manual/operations.md): the
//   bench builds dist/ from the sources first, with its own ingest child (tsconfig.bench.json, 12-16 s here).
//   CDR_BENCH_BUILT=1 npm run bench -- cdr-ingest   (dist/ as it is, not built again: after
//   `npx tsc -p tsconfig.bench.json`)
//   CDR_BENCH_SOURCES=1 npm run bench -- cdr-ingest   (the TypeScript sources through tsx, as `npm start` runs them in
//   a checkout: more start-up and memory, see docs/notes/issue-18-rss-threads.md)
//   CDR_BENCH_LOG=debug npm run bench -- cdr-ingest 2>log   (the ingest child's log: each WAL pass with its frames)
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdrBenchIngest, cdrBenchPrepareFile, cdrBenchSeededDatabase, type IngestFigures } from './cdr-ingest-run.js';

const records = Number(process.env.CDR_BENCH_RECORDS ?? 1_000_000);
const postgresUrl = process.env.CDR_BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
const kinds = (process.env.CDR_BENCH_KINDS ?? (postgresUrl ? 'sqlite,postgres' : 'sqlite')).split(',');

// Child modes: `--prepare FILE` writes the CDR file; `--ingest KIND FILE DIR` ingests it and prints its figures as
// JSON.
if (process.argv[2] === '--prepare') {
  process.stdout.write(String(await cdrBenchPrepareFile(process.argv[3] as string, records)));
  process.exit(0);
}
if (process.argv[2] === '--seed') {
  process.stdout.write(`\n${await cdrBenchSeededDatabase(process.argv[3] as string)}\n`);
  process.exit(0);
}
if (process.argv[2] === '--ingest') {
  const [kind, file, dir] = process.argv.slice(3) as ['sqlite' | 'postgres', string, string];
  process.stdout.write(`\n${JSON.stringify(await cdrBenchIngest({ kind, file, dir, records, postgresUrl }))}\n`);
  process.exit(0);
}

// CDR_BENCH_CPU_PROF=DIR: the ingest child writes V8 CPU profiles (one per thread) into DIR.
const profile = (args: string[]) =>
  process.env.CDR_BENCH_CPU_PROF && args[0] === '--ingest'
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CDR_BENCH_CPU_PROF}`]
    : [];
// CDR_BENCH_NODE_FLAGS='--single-threaded-gc' (space-separated): node flags for the ingest child, to measure them
// (docs/notes/issue-18-gc-rss.md). Unset, the child runs with Node's defaults, as the `tollgate` command does.
const nodeFlags = (process.env.CDR_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
// The children run this file compiled (dist/bench/cdr-ingest.bench.js): no tsx in the process, nothing an
// installation's `node dist/src/main.js` does not load (tsx on a thread costs about 35 MB of RSS here). With
// CDR_BENCH_SOURCES=1 they run it through tsx on the main thread only (bench/tsx-main-thread-only.mjs); the ingest
// threads then register tsx themselves (src/worker-thread.ts).
const root = join(import.meta.dirname, '..');
const compiledChild = join(root, 'dist/bench/cdr-ingest.bench.js');
const tsxMainThreadOnly = join(import.meta.dirname, 'tsx-main-thread-only.mjs');
const child = (args: string[]) =>
  spawnSync(
    process.execPath,
    [...nodeFlags, ...profile(args), ...(built ? [compiledChild] : [tsxMainThreadOnly, import.meta.filename]), ...args],
    { encoding: 'utf8', env: process.env, maxBuffer: 64 << 20 },
  );
/**
 * Writes the page cache's dirty pages out before a timed phase, so that no phase pays for the disk writes of the
 * one before it (the generated file's 700 MB, an `.import`'s database): the reference and the ingest then each
 * measure their own work.
 */
const settleDisk = () => spawnSync('sync');
const rate = (seconds: number) => Math.round(records / seconds);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
/** The compiled code in dist/, as installed; with CDR_BENCH_SOURCES=1 the sources through tsx. */
const built = process.env.CDR_BENCH_SOURCES !== '1';
const n = (v: number) => v.toLocaleString('en');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** `sqlite3 .import` of the file into a plain table (created from its header line), seconds. */
function sqliteImport(file: string, dir: string): number {
  const db = join(dir, 'import.db');
  rmSync(db, { force: true });
  const t = process.hrtime.bigint();
  const cli = spawnSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${file} cdr`], {
    encoding: 'utf8',
  });
  if (cli.error || cli.status !== 0)
    throw new Error(`sqlite3 .import failed: ${cli.error?.message ?? cli.stderr.slice(0, 300)}`);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  rmSync(db, { force: true });
  return seconds;
}

/** `psql \copy` of the file into a plain table of text columns (no index), seconds. */
function psqlCopy(file: string): number {
  // Only the header line: the whole file (700 MB at 1M records) is longer than a string may be.
  const head = Buffer.alloc(20_000);
  const fd = openSync(file, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const header = head.toString('latin1', 0, read).split(/\r?\n/)[0] as string;
  const columns = header.split(',').map((c, i) => `"c${i}_${c.replace(/\W/g, '').slice(0, 40)}" text`);
  const table = `cdr_import_${process.pid}`;
  const psql = (command: string) => {
    const run = spawnSync('psql', [postgresUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { encoding: 'utf8' });
    if (run.error || run.status !== 0)
      throw new Error(`psql failed: ${run.error?.message ?? run.stderr.slice(0, 300)}`);
  };
  psql(`DROP TABLE IF EXISTS ${table}; CREATE UNLOGGED TABLE ${table} (${columns.join(', ')})`);
  try {
    const t = process.hrtime.bigint();
    psql(`\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`);
    return Number(process.hrtime.bigint() - t) / 1e9;
  } finally {
    psql(`DROP TABLE IF EXISTS ${table}`);
  }
}

function report(kind: string, f: IngestFigures, referenceName: string, references: number[], target: number): void {
  const referenceSeconds = mean(references);
  const ratio = f.recordsPerSecond / rate(referenceSeconds);
  console.log(
    `--- ${kind}: ${n(f.stored)} calls stored, ${f.rejected} rejected, ${n(f.announced)} announced ` +
      `in ${f.batches} calls.stored events (batch ${f.batchSize})`,
  );
  console.log(
    `=> ${n(f.recordsPerSecond)} records/s end to end (${f.seconds.toFixed(1)} s wall), ` +
      `${n(Math.round(records / f.cpuSeconds))} per CPU second of the process`,
  );
  const each = references.map((r) => `${r.toFixed(1)} s`).join(' before and ');
  console.log(
    `=> reference ${referenceName} of the same file: ${referenceSeconds.toFixed(1)} s = ` +
      `${n(rate(referenceSeconds))} records/s (mean of ${each} after the ingest)`,
  );
  const us = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
  console.log(
    `=> CPU per record: parse thread ${us(f.parseCpuUs)} µs, store thread ${us(f.storeCpuUs)} µs` +
      (f.backendCpuUs === undefined ? '' : `, PostgreSQL backends ${us(f.backendCpuUs)} µs`),
  );
  console.log(`=> RATIO ${kind} ingest / ${referenceName} = ${ratio.toFixed(2)} (target >= ${target})`);
  console.log(`=> bytes per stored call ${f.bytesPerCall.toFixed(0)} (${(f.databaseBytes / 1e6).toFixed(0)} MB grown)`);
  if (f.parts) console.log(`   by part: ${f.parts.map((p) => `${p.name} ${p.bytesPerCall.toFixed(0)}`).join(', ')}`);
  console.log(
    `=> peak RSS ${f.peakRssMb.toFixed(0)} MB (target <= 300); longest batch transaction ` +
      `${f.longestBatchMs} ms; paused ${(f.pausedMs / 1000).toFixed(1)} s`,
  );
  const p = f.atPeak;
  console.log(
    `   at the sampled peak ${p.rssMb.toFixed(0)} MB: anonymous ${p.anonymousMb.toFixed(0)}, file-backed ` +
      `${p.fileMb.toFixed(0)}; main heap ${p.mainHeapMb.toFixed(0)}, array buffers ${p.arrayBuffersMb.toFixed(0)}; ` +
      `${p.threads} threads`,
  );
  console.log(`   thread CPU ms: ${f.threads.map((t) => `${t.name} ${t.cpuMs}`).join(', ')}`);
}

/**
 * The real `tollgate ingest FILE` as a user runs it, into a database holding the same directory as the ingest
 * child's: its wall time from start to exit (composition, hashing, the worker's start and the budget engine told
 * included) and the command's peak RSS (getrusage, reported by bench/report-peak-rss.mjs at exit).
 */
function realIngestCommand(file: string, dir: string): { seconds: number; stored: number; peakRssMb: number } {
  const work = join(dir, 'cli');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const seed = child(['--seed', work]);
  if (seed.status !== 0) throw new Error(`seeding the command's database failed: ${seed.stderr.slice(-2000)}`);
  const url = seed.stdout.trim().split('\n').pop() as string;
  const command = built
    ? [join(root, 'dist/src/main.js')]
    : ['--import', import.meta.resolve('tsx'), join(root, 'src/main.ts')];
  const peakRss = join(import.meta.dirname, 'report-peak-rss.mjs');
  settleDisk();
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...nodeFlags, '--import', peakRss, ...command, 'ingest', '--json', file], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, TOLLGATE_DATABASE_URL: url, TOLLGATE_LOGGING_LEVEL: 'warn' },
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (run.status !== 0) throw new Error(`tollgate ingest failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const summary = JSON.parse(run.stdout) as { records: { stored: number } };
  const peak = /PEAK_RSS_KB=(\d+)/.exec(run.stderr);
  if (!peak) throw new Error('tollgate ingest did not report its peak RSS');
  rmSync(work, { recursive: true, force: true });
  return { seconds, stored: summary.records.stored, peakRssMb: Number(peak[1]) / 1024 };
}

/**
 * Builds dist/ from the sources with this bench's child (tsconfig.bench.json), unless CDR_BENCH_BUILT=1 says it is
 * current; nothing to build with CDR_BENCH_SOURCES=1.
 */
function prepareCode(): void {
  if (!built) return;
  if (process.env.CDR_BENCH_BUILT !== '1') {
    const t = Date.now();
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bench.json'],
      { cwd: root, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`building dist/ failed: ${tsc.stdout}${tsc.stderr}`);
    console.log(`built dist/ from the sources in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(compiledChild))
    throw new Error(
      `${compiledChild} is missing: build it with npx tsc -p tsconfig.bench.json (or unset CDR_BENCH_BUILT)`,
    );
}

prepareCode();
const dir = mkdtempSync(join(tmpdir(), 'tollgate-cdr-bench-'));
const file = join(dir, 'cdr_StandAloneCluster_01_202611231200_1');
try {
  const t0 = Date.now();
  const prep = child(['--prepare', file]);
  if (prep.status !== 0) throw new Error(`preparing the file failed: ${prep.stderr}`);
  const bytes = Number(prep.stdout);
  console.log(
    `generated ${n(records)} records, ${(bytes / 1e6).toFixed(0)} MB (` +
      `${Math.round(bytes / records)} B/record), directory of 2,000 lines, in ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(
    `code: ${built ? 'compiled (dist/)' : 'TypeScript sources through tsx'}; ` +
      `node flags: ${nodeFlags.join(' ') || 'none'}; ` +
      `load average before ${load()}`,
  );
  for (const kind of kinds) {
    const reference = () => {
      settleDisk();
      return kind === 'sqlite' ? sqliteImport(file, dir) : psqlCopy(file);
    };
    const before = reference();
    settleDisk();
    const run = child(['--ingest', kind, file, dir]);
    if (run.status !== 0) throw new Error(`${kind} ingest failed: ${run.stderr.slice(-2000)}`);
    if (process.env.CDR_BENCH_LOG) process.stderr.write(run.stderr);
    const figures = JSON.parse(run.stdout.trim().split('\n').pop() as string) as IngestFigures;
    const references = [before, reference()];
    if (kind === 'sqlite') report(kind, figures, 'sqlite3 .import', references, 1.0);
    else report(kind, figures, 'psql \\copy', references, 0.5);
    if (kind === 'sqlite') {
      const cli = realIngestCommand(file, dir);
      console.log(
        `--- tollgate ingest, the real command (${built ? 'compiled' : 'through tsx'}` +
          `, ${process.env.CDR_BENCH_EMPTY_DIRECTORY ? 'no directory' : 'a database holding the same directory'}): ` +
          `${n(cli.stored)} calls stored in ${cli.seconds.toFixed(1)} s ` +
          `from start to exit = ${n(rate(cli.seconds))} records/s`,
      );
      console.log(
        `=> RATIO tollgate ingest / sqlite3 .import = ${(mean(references) / cli.seconds).toFixed(2)} (target >= 1.0)`,
      );
      console.log(`=> peak RSS of the command ${cli.peakRssMb.toFixed(0)} MB (target <= 300)`);
    }
    console.log(`load average ${load()}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
