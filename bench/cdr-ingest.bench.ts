// CDR ingest end to end: a generated CUCM 12.5 file with a realistic traffic mix
// is parsed, classified, rated and stored (SQLite, WAL) by the ingest worker.
// Reports records/s, peak RSS of the whole process (worker included), and for
// reference the sqlite3 CLI's `.import` of the same file into a plain table.
// Usage: npm run bench -- cdr-ingest   (CDR_BENCH_RECORDS=200000 for a shorter run)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ingestFiles } from '../cdr-collector/index.js';
import { trafficDirectory, writeGeneratedCdrFile } from '../cdr-collector/testing/generate-cdr-traffic.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';

const records = Number(process.env.CDR_BENCH_RECORDS ?? 1_000_000);
const batchSize = Number(process.env.CDR_BENCH_BATCH ?? 0);

// The file is generated in a child process, so that this process's peak RSS is the ingest's alone.
if (process.argv[2] === '--generate') {
  const { bytes } = await writeGeneratedCdrFile(process.argv[3] as string, { records, directory: trafficDirectory(2_000), seed: 42 });
  process.stdout.write(String(bytes));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'tollgate-cdr-bench-'));
const file = join(dir, 'cdr_StandAloneCluster_01_202611231200_1');
const dbPath = join(dir, 'tollgate.db');

/** Peak resident set of this process (main thread and worker), from the kernel. */
function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

try {
  const directory = trafficDirectory(2_000);
  const t0 = Date.now();
  const gen = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--generate', file], { encoding: 'utf8', env: process.env });
  if (gen.status !== 0) throw new Error(`generating the file failed: ${gen.stderr}`);
  const bytes = Number(gen.stdout);
  console.log(`generated ${records.toLocaleString('en')} records, ${(bytes / 1e6).toFixed(0)} MB (${Math.round(bytes / records)} B/record) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const ds = createDataSource({ url: `sqlite:${dbPath}` });
  await ds.initialize();
  await ds.runMigrations();
  await ds.query("INSERT INTO departments (name) VALUES ('Sales'), ('Engineering')");
  await ds.query("INSERT INTO cost_centres (code) VALUES ('CC100'), ('CC200')");
  await ds.transaction(async (m) => {
    for (const [i, ext] of directory.extensions.entries()) {
      await m.query('INSERT INTO users (username, department_id, cost_centre_id) VALUES (?, ?, ?)', [`user${ext}`, 1 + (i % 2), 1 + (i % 2)]);
      await m.query("INSERT INTO lines (extension, partition, site, user_id) VALUES (?, ?, 'default', ?)", [ext, directory.partition, i + 1]);
    }
    for (const gw of directory.gateways) await m.query("INSERT INTO gateways (device_name, kind, carrier, site, pstn) VALUES (?, 'gateway', 'ExampleTel IT', 'default', 1)", [gw]);
  });
  await ds.destroy();

  const config = configSchema.parse({ logging: { level: 'warn' }, ...(batchSize ? { cdr: { batchSize } } : {}) });
  console.log(`batch size ${config.cdr.batchSize}`);
  let announced = 0;
  const rssBefore = peakRssMb();
  const started = process.hrtime.bigint();
  const summary = await ingestFiles([file], {
    config,
    database: { url: `sqlite:${dbPath}` },
    log: pino({ level: 'warn' }),
    events: { emit: (_e: string, p: { calls: unknown[] }) => void (announced += p.calls.length), on: () => () => undefined } as never,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result = summary.files[0];
  if (!result || result.outcome !== 'stored') throw new Error(`ingest failed: ${JSON.stringify(summary)}`);
  console.log(
    `ingest: ${result.records.stored.toLocaleString('en')} stored, ${result.records.rejected} rejected, ${announced.toLocaleString('en')} announced on calls.stored in ${seconds.toFixed(1)} s`,
  );
  console.log(`=> ${Math.round(records / seconds).toLocaleString('en')} records/s end to end (target >= 100,000)`);
  console.log(`=> peak RSS ${peakRssMb().toFixed(0)} MB (before ingest ${rssBefore.toFixed(0)} MB; target <= 300)`);
  console.log(`database ${(statSync(dbPath).size / 1e6).toFixed(0)} MB`);

  const importDb = join(dir, 'import.db');
  const t1 = process.hrtime.bigint();
  const cli = spawnSync('sqlite3', [importDb, '-cmd', '.mode csv', `.import ${file} cdr`], { encoding: 'utf8' });
  const importSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  if (cli.error) console.log(`sqlite3 CLI not available (${cli.error.message}): apt-get install sqlite3`);
  else console.log(`reference: sqlite3 .import of the same file ${importSeconds.toFixed(1)} s = ${Math.round(records / importSeconds).toLocaleString('en')} records/s${cli.status !== 0 ? ` (exit ${cli.status}: ${cli.stderr.slice(0, 200)})` : ''}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
