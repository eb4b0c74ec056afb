// CDR ingest end to end: a generated CUCM 12.5 file (133 fields) with a realistic
// traffic mix is parsed, classified, rated and stored (SQLite, WAL) by the ingest
// worker thread, as `tollgate ingest` does. Reports records/s (wall and per CPU
// second of the whole process), peak RSS of the ingesting process (main thread
// and worker), and for reference the sqlite3 CLI's `.import` of the same file
// into a plain table.
//   npm run bench -- cdr-ingest
//   CDR_BENCH_RECORDS=200000 CDR_BENCH_BATCH=10000 npm run bench -- cdr-ingest
//   CDR_BENCH_DROP_INDEXES=all (or ix_calls_dialled_started,…) npm run bench -- cdr-ingest   (what the calls
//   table's secondary indexes cost: they are dropped before the ingest; the natural key always stays)
//   npm run build && CDR_BENCH_BUILT=1 npm run bench -- cdr-ingest   (the compiled code, as installed:
//   no TypeScript loader in the worker, which otherwise adds start-up time and resident memory)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { configSchema } from '../src/config/index.js';

const records = Number(process.env.CDR_BENCH_RECORDS ?? 1_000_000);
const batchSize = Number(process.env.CDR_BENCH_BATCH ?? 0);
const dropIndexes = process.env.CDR_BENCH_DROP_INDEXES ?? '';

// File and database are prepared in a child process, so that this process's peak RSS is the ingest's alone.
if (process.argv[2] === '--prepare') {
  const [file, dbPath] = process.argv.slice(3) as [string, string];
  const { trafficDirectory, writeGeneratedCdrFile } = await import('../cdr-collector/testing/generate-cdr-traffic.js');
  const { createDataSource } = await import('../src/store/index.js');
  const directory = trafficDirectory(2_000);
  const { bytes } = await writeGeneratedCdrFile(file, { records, directory, seed: 42 });
  const ds = createDataSource({ url: `sqlite:${dbPath}` });
  await ds.initialize();
  await ds.runMigrations();
  await ds.query("INSERT INTO departments (name) VALUES ('Sales'), ('Engineering')");
  await ds.query("INSERT INTO cost_centres (code) VALUES ('CC100'), ('CC200')");
  await ds.transaction(async (m) => {
    for (const [i, ext] of directory.extensions.entries()) {
      await m.query('INSERT INTO users (username, department_id, cost_centre_id) VALUES (?, ?, ?)', [
        `user${ext}`,
        1 + (i % 2),
        1 + (i % 2),
      ]);
      await m.query("INSERT INTO lines (extension, partition, site, user_id) VALUES (?, ?, 'default', ?)", [
        ext,
        directory.partition,
        i + 1,
      ]);
    }
    for (const gw of directory.gateways)
      await m.query(
        "INSERT INTO gateways (device_name, kind, carrier, site, pstn) VALUES (?, 'gateway', " +
          "'ExampleTel IT', 'default', 1)",
        [gw],
      );
  });
  // What-if: the rate without some of the report indexes (never the natural key, which exactly-once needs).
  const indexes = (await ds.query(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
  )) as Array<{ name: string }>;
  for (const { name } of indexes)
    if (name !== 'uq_calls_natural_key' && (dropIndexes === 'all' || dropIndexes.split(',').includes(name)))
      await ds.query(`DROP INDEX ${name}`);
  await ds.destroy();
  process.stdout.write(String(bytes));
  process.exit(0);
}

const built = process.env.CDR_BENCH_BUILT === '1';
const { ingestFiles } = (await import(
  built ? '../dist/cdr-collector/index.js' : '../cdr-collector/index.js'
)) as typeof import('../cdr-collector/index.js');
const dir = mkdtempSync(join(tmpdir(), 'tollgate-cdr-bench-'));
const file = join(dir, 'cdr_StandAloneCluster_01_202611231200_1');
const dbPath = join(dir, 'tollgate.db');

/** Peak resident set of this process (main thread and worker), from the kernel. */
function peakRssMb(): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

try {
  const t0 = Date.now();
  const prep = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--prepare', file, dbPath], {
    encoding: 'utf8',
    env: process.env,
  });
  if (prep.status !== 0) throw new Error(`preparing the file failed: ${prep.stderr}`);
  const bytes = Number(prep.stdout);
  console.log(
    `generated ${records.toLocaleString('en')} records, ${(bytes / 1e6).toFixed(0)} MB (` +
      `${Math.round(bytes / records)} B/record), directory of 2,000 lines, in ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const config = configSchema.parse({ logging: { level: 'warn' }, ...(batchSize ? { cdr: { batchSize } } : {}) });
  let announced = 0;
  let batches = 0;
  const rssBefore = peakRssMb();
  const cpu0 = cpuSeconds();
  const started = process.hrtime.bigint();
  const summary = await ingestFiles([file], {
    config,
    database: { url: `sqlite:${dbPath}` },
    log: pino({ level: 'warn' }),
    events: {
      emit: (_e: string, p: { calls: unknown[] }) => {
        announced += p.calls.length;
        batches++;
      },
      on: () => () => undefined,
    } as never,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSeconds() - cpu0;
  const result = summary.files[0];
  if (!result || result.outcome !== 'stored') throw new Error(`ingest failed: ${JSON.stringify(summary)}`);
  console.log(
    `code: ${built ? 'compiled (dist/)' : 'TypeScript sources through tsx'}` +
      `${dropIndexes ? `; calls indexes dropped: ${dropIndexes}` : ''}`,
  );
  console.log(
    `batch size ${config.cdr.batchSize}: ${result.records.stored.toLocaleString('en')} calls ` +
      `stored, ${result.records.rejected} rejected, ${announced.toLocaleString('en')} announced in ` +
      `${batches} calls.stored events`,
  );
  console.log(
    `=> ${Math.round(records / seconds).toLocaleString('en')} records/s end to end (` +
      `${seconds.toFixed(1)} s wall; target >= 100,000)`,
  );
  console.log(
    `=> ${Math.round(records / cpu).toLocaleString('en')} records per CPU second of the process (` +
      `${cpu.toFixed(1)} s CPU, main thread and worker)`,
  );
  console.log(
    `=> longest batch transaction ${result.longestBatchMs} ms (the most a daemon write waits behind ` +
      `ingest); paused ${((result.pausedMs ?? 0) / 1000).toFixed(1)} s for a busy main thread`,
  );
  console.log(
    `=> peak RSS ${peakRssMb().toFixed(0)} MB (${rssBefore.toFixed(0)} MB before the worker started; target <= 300)`,
  );
  console.log(
    `database ${(statSync(dbPath).size / 1e6).toFixed(0)} MB; load average ` +
      `${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );

  const importDb = join(dir, 'import.db');
  const t1 = process.hrtime.bigint();
  const cli = spawnSync('sqlite3', [importDb, '-cmd', '.mode csv', `.import ${file} cdr`], { encoding: 'utf8' });
  const importSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  if (cli.error) console.log(`sqlite3 CLI not available (${cli.error.message}): apt-get install sqlite3`);
  else
    console.log(
      `reference: sqlite3 .import of the same file ${importSeconds.toFixed(1)} s = ` +
        `${Math.round(records / importSeconds).toLocaleString('en')} records/s` +
        `${cli.status !== 0 ? ` (exit ${cli.status}: ${cli.stderr.slice(0, 200)})` : ''}`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
