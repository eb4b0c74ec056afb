// The two halves of bench/cdr-ingest.bench.ts that run in child processes: writing the
// generated CDR file, and one ingest of it into a fresh SQLite file or PostgreSQL schema.
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { sampleIngestMemory, type MemoryAtPeak, type ThreadCpu } from './ingest-memory-sampler.js';

const LINES = 2_000;
// Every import here is relative, so it reaches the same code as the ingest: the sources when this file runs through
// tsx, the compiled code when it runs compiled from dist/bench/ (cdr-ingest.bench.ts).

export interface IngestFigures {
  stored: number;
  rejected: number;
  announced: number;
  batches: number;
  batchSize: number;
  seconds: number;
  recordsPerSecond: number;
  cpuSeconds: number;
  /** CPU µs per record of the ingest's parse thread and of its store thread (null where not measured). */
  parseCpuUs: number | null;
  storeCpuUs: number | null;
  /** PostgreSQL: CPU µs per record of the ingest's backends (the server processes of its connections). */
  backendCpuUs?: number;
  peakRssMb: number;
  /** What the process held at the sampled RSS peak, and each thread's CPU during the ingest. */
  atPeak: MemoryAtPeak;
  threads: ThreadCpu[];
  longestBatchMs: number;
  pausedMs: number;
  databaseBytes: number;
  bytesPerCall: number;
  /** SQLite: bytes per stored call by table and index (dbstat: pages in use), largest first. */
  parts?: Array<{ name: string; bytesPerCall: number }>;
}

export async function cdrBenchPrepareFile(file: string, records: number): Promise<number> {
  const { trafficDirectory, writeGeneratedCdrFile } = await import('../cdr-collector/testing/generate-cdr-traffic.js');
  const { bytes } = await writeGeneratedCdrFile(file, { records, directory: trafficDirectory(LINES), seed: 42 });
  return bytes;
}

/**
 * The directory the generated traffic assumes, in a freshly migrated database; none with CDR_BENCH_EMPTY_DIRECTORY
 * set (a new install that ingests before its directory is imported: every call is then of an unknown extension).
 */
async function seedDirectory(ds: DataSource, postgres: boolean): Promise<void> {
  if (process.env.CDR_BENCH_EMPTY_DIRECTORY) return;
  const { trafficDirectory } = await import('../cdr-collector/testing/generate-cdr-traffic.js');
  const directory = trafficDirectory(LINES);
  const p = (sql: string) =>
    postgres
      ? sql.replace(
          /\?/g,
          (() => {
            let i = 0;
            return () => `$${++i}`;
          })(),
        )
      : sql;
  await ds.query("INSERT INTO departments (name) VALUES ('Sales'), ('Engineering')");
  await ds.query("INSERT INTO cost_centres (code) VALUES ('CC100'), ('CC200')");
  await ds.transaction(async (m) => {
    for (const [i, ext] of directory.extensions.entries()) {
      await m.query(p('INSERT INTO users (username, department_id, cost_centre_id) VALUES (?, ?, ?)'), [
        `user${ext}`,
        1 + (i % 2),
        1 + (i % 2),
      ]);
      await m.query(p("INSERT INTO lines (extension, partition, site, user_id) VALUES (?, ?, 'default', ?)"), [
        ext,
        directory.partition,
        i + 1,
      ]);
    }
    for (const gw of directory.gateways) {
      await m.query(
        p(
          "INSERT INTO gateways (device_name, kind, carrier, site, pstn) VALUES (?, 'gateway', " +
            "'ExampleTel IT', 'default', ?)",
        ),
        [gw, postgres ? true : 1],
      );
    }
  });
}

/** Bytes the database holds now: the SQLite file after a full checkpoint, or every table of the PostgreSQL schema. */
async function databaseBytes(ds: DataSource, postgres: boolean, dbPath: string): Promise<number> {
  if (!postgres) {
    await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
    return statSync(dbPath).size;
  }
  const [row] = (await ds.query(
    'SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN ' +
      'pg_namespace n ON n.oid = c.relnamespace ' +
      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')",
  )) as Array<{ bytes: string }>;
  return Number(row?.bytes ?? 0);
}

/** SQLite: what each table and index takes per stored call (the dbstat virtual table: its pages, full or not). */
async function bytesByPart(ds: DataSource, calls: number): Promise<Array<{ name: string; bytesPerCall: number }>> {
  const rows = (await ds.query(
    'SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC',
  )) as Array<{ name: string; bytes: number }>;
  return rows
    .map((r) => ({ name: r.name, bytesPerCall: r.bytes / Math.max(1, calls) }))
    .filter((r) => r.bytesPerCall >= 0.5);
}

function peakRssMb(): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
}

/**
 * PostgreSQL: the CPU time of the ingest's backends, ms. The ingest's connections carry an application name of
 * their own (PGAPPNAME, read by node-postgres); their server processes' /proc CPU times are sampled every 200 ms
 * while they live (the last sample of each counts: at most 200 ms of a connection's work is missed).
 */
function watchBackends(ds: DataSource): { stop(): Promise<number> } {
  const name = `tollgate-cdr-bench-${process.pid}`;
  process.env.PGAPPNAME = name;
  const cpuMs = new Map<number, number>();
  const sample = async () => {
    const rows = (await ds.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name])) as Array<{
      pid: number;
    }>;
    for (const { pid } of rows) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuMs.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // Ended between the query and the read, or another host's server: its last sample stands.
      }
    }
  };
  let sampling = Promise.resolve();
  const timer = setInterval(() => void (sampling = sampling.then(sample).catch(() => undefined)), 200);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      delete process.env.PGAPPNAME;
      return [...cpuMs.values()].reduce((a, b) => a + b, 0);
    },
  };
}

/**
 * A SQLite database in `dir`, migrated and holding the directory the generated traffic assumes, for the real
 * `tollgate ingest` to store the file into (its path, as a TOLLGATE_DATABASE_URL).
 */
export async function cdrBenchSeededDatabase(dir: string): Promise<string> {
  const { createDataSource } = await import('../src/store/index.js');
  const url = `sqlite:${join(dir, 'tollgate.db')}`;
  const ds = createDataSource({ url });
  await ds.initialize();
  try {
    await ds.runMigrations();
    await seedDirectory(ds, false);
  } finally {
    await ds.destroy();
  }
  return url;
}

export async function cdrBenchIngest(o: {
  kind: 'sqlite' | 'postgres';
  file: string;
  dir: string;
  records: number;
  postgresUrl: string;
}): Promise<IngestFigures> {
  const dropIndexes = process.env.CDR_BENCH_DROP_INDEXES ?? '';
  const batchSize = Number(process.env.CDR_BENCH_BATCH ?? 0);
  const { ingestFiles } = await import('../cdr-collector/index.js');
  // The bench's own connection (migrations, the directory, and the WAL checkpointer thread a daemon's main
  // connection runs) and the config: from the same code as the ingest, never both the sources' and dist/'s module
  // graphs in one process.
  const { createDataSource } = await import('../src/store/index.js');
  const { configSchema } = await import('../src/config/index.js');
  const postgres = o.kind === 'postgres';
  const dbPath = join(o.dir, 'tollgate.db');
  const schema = postgres ? `bench_cdr_${process.pid}` : undefined;
  const database = postgres ? { url: o.postgresUrl, schema } : { url: `sqlite:${dbPath}` };
  if (postgres) {
    const admin = createDataSource({ url: o.postgresUrl });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
  }
  // CDR_BENCH_LOG=debug: the ingest's and the WAL checkpointer's debug lines (each pass: frames, ms) on stderr.
  const log = pino({ level: process.env.CDR_BENCH_LOG ?? 'warn' }, pino.destination(2));
  const ds = createDataSource({ ...database, log });
  await ds.initialize();
  try {
    await ds.runMigrations();
    await seedDirectory(ds, postgres);
    // What-if: the rate without some of the report indexes (never the natural key, which exactly-once needs).
    const indexes = (await ds.query(
      postgres
        ? "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'calls'"
        : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
    )) as Array<{ name: string }>;
    for (const { name } of indexes) {
      if (name.startsWith('ix_') && (dropIndexes === 'all' || dropIndexes.split(',').includes(name)))
        await ds.query(`DROP INDEX ${name}`);
    }
    const before = await databaseBytes(ds, postgres, dbPath);

    // No call control shares the process, so nothing to give way to: the ingest's own cost, at normal priority.
    // The real command (the bench's last figure) runs with the default, at nice 10 with nothing else to yield to.
    const cdr = { yieldWhenBusy: false, ...(batchSize ? { batchSize } : {}) };
    const config = configSchema.parse({ logging: { level: 'warn' }, cdr });
    let announced = 0;
    let batches = 0;
    const backends = postgres ? watchBackends(ds) : null;
    const memory = sampleIngestMemory();
    const cpu0 = process.cpuUsage();
    const started = process.hrtime.bigint();
    const summary = await ingestFiles([o.file], {
      config,
      database,
      log,
      events: {
        emit: (_e: string, p: { calls: unknown[] }) => {
          announced += p.calls.length;
          batches++;
        },
        on: () => () => undefined,
      } as never,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const backendCpuMs = await backends?.stop();
    const cpu = process.cpuUsage(cpu0);
    const sampled = memory.stop();
    const result = summary.files[0];
    if (!result || result.outcome !== 'stored') throw new Error(`ingest failed: ${JSON.stringify(summary)}`);
    const grown = (await databaseBytes(ds, postgres, dbPath)) - before;
    // CDR_BENCH_KEEP=FILE: keep the SQLite database (checkpointed) for a look at its layout afterwards.
    if (!postgres && process.env.CDR_BENCH_KEEP) copyFileSync(dbPath, process.env.CDR_BENCH_KEEP);
    return {
      stored: result.records.stored,
      rejected: result.records.rejected,
      announced,
      batches,
      batchSize: config.cdr.batchSize,
      seconds,
      recordsPerSecond: Math.round(o.records / seconds),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      parseCpuUs: result.threadCpuMs ? (result.threadCpuMs.parse * 1000) / o.records : null,
      storeCpuUs: result.threadCpuMs ? (result.threadCpuMs.store * 1000) / o.records : null,
      ...(backendCpuMs === undefined ? {} : { backendCpuUs: (backendCpuMs * 1000) / o.records }),
      peakRssMb: peakRssMb(),
      atPeak: sampled.peak,
      threads: sampled.threads,
      longestBatchMs: result.longestBatchMs,
      pausedMs: result.pausedMs ?? 0,
      databaseBytes: grown,
      bytesPerCall: grown / Math.max(1, result.records.stored),
      ...(postgres ? {} : { parts: await bytesByPart(ds, result.records.stored) }),
    };
  } finally {
    if (postgres) await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  }
}
