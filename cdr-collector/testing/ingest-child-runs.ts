import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createDirectoryImportService } from '../../src/directory/index.js';
import { createEventBus } from '../../src/events/index.js';
import {
  callCodedColumns,
  callDetailColumnsSql,
  callRollupFigures,
  callSummaryFigures,
  callSummaryKey,
  callSummaryRollups,
  callTextSql,
  type DatabaseKind,
} from '../../src/store/index.js';
import { openTestDatabase, type TestDatabase } from '../../test/harness/index.js';

const root = join(import.meta.dirname, '..', '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const child = join(import.meta.dirname, 'ingest-child.ts');
const demo = join(root, 'fixtures', 'demo');

/** A fresh test database holding the demo directory (lines, users, gateways), ready for ingest runs. */
export async function openDatabaseWithDemoDirectory(kind: DatabaseKind): Promise<TestDatabase> {
  const db = await openTestDatabase(kind);
  const directory = createDirectoryImportService({
    dataSource: db.dataSource,
    events: createEventBus(() => undefined),
    log: pino({ level: 'silent' }),
  });
  await directory.importFiles(
    readdirSync(demo)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(demo, f)),
  );
  return db;
}

export interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The child's summary line (ingestFiles' result as JSON) when it got that far. */
  stdout: string;
  ms: number;
}

export interface ChildRunOptions {
  cwd: string;
  batchSize?: number;
  /** SIGKILL the child this long after it starts, or as soon as at least this many calls are stored. */
  kill?: { afterMs: number } | { atCalls: number };
  /**
   * The most bytes any file the child writes may hold (RLIMIT_FSIZE, set by
   * the shell's `ulimit -f`): writes beyond fail with EFBIG, as they would on
   * a full disk with ENOSPC. Node ignores SIGXFSZ, so the child lives on.
   */
  maxFileBytes?: number;
}

export const countCalls = async (db: TestDatabase) =>
  Number(((await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>)[0]?.n);

/** Runs `ingest-child.ts` on the files against the database, in a process of its own. */
export function runIngestChild(db: TestDatabase, files: string[], options: ChildRunOptions): Promise<ChildRun> {
  const started = Date.now();
  const args = JSON.stringify({
    database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
    files,
    batchSize: options.batchSize ?? 400,
  });
  const node = [process.execPath, '--import', tsxLoader, child, args];
  const command =
    options.maxFileBytes === undefined
      ? node
      : [
          'bash',
          '-c',
          'ulimit -S -f "$1" && shift && exec "$@"',
          'bash',
          String(Math.floor(options.maxFileBytes / 1024)),
          ...node,
        ];
  const proc = spawn(command[0] as string, command.slice(1), { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', () => undefined);
  let timer: NodeJS.Timeout | null = null;
  let exited = false;
  const kill = options.kill;
  if (kill && 'afterMs' in kill) timer = setTimeout(() => proc.kill('SIGKILL'), kill.afterMs);
  if (kill && 'atCalls' in kill) {
    void (async () => {
      while (!exited && (await countCalls(db)) < kill.atCalls) await new Promise((r) => setTimeout(r, 5));
      if (!exited) proc.kill('SIGKILL');
    })();
  }
  return new Promise((resolve) =>
    proc.on('exit', (exitCode, signal) => {
      exited = true;
      if (timer) clearTimeout(timer);
      resolve({ exitCode, signal, stdout, ms: Date.now() - started });
    }),
  );
}

type Row = Record<string, unknown>;
const normalise = (rows: Row[]) =>
  rows.map((r) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v === null ? null : String(v)]),
      ),
    ),
  );

/** Everything ingest decides, without the ids and times that differ between runs by nature. */
export async function ingestOutcome(db: TestDatabase) {
  // Coded texts as their texts: codes are given in the order texts are met, which a crash may change.
  const texts = callCodedColumns.map((c) => `${callTextSql(c.property)} AS text_${c.name}`);
  const calls = (await db.dataSource.query(
    `SELECT c.*, ${texts.join(', ')}, ${callDetailColumnsSql()} FROM calls c ` +
      'ORDER BY text_cluster_code, global_call_manager_id, global_call_id, orig_leg_id, dest_leg_id',
  )) as Row[];
  for (const c of calls) {
    for (const coded of callCodedColumns) delete c[coded.name];
    // The detail's coded texts too: read as texts (above), whether a row holds a text or its code.
    delete c.detail;
    delete c.id;
    delete c.file_id;
  }
  const files = (await db.dataSource.query(
    'SELECT name, status, kind, records_total, records_stored, records_duplicate, records_rejected, ' +
      'records_skipped, lines_committed FROM cdr_files ORDER BY name',
  )) as Row[];
  const rejects = (await db.dataSource.query(
    'SELECT f.name, r.line_no, r.reason, r.raw FROM cdr_rejects r JOIN cdr_files f ON f.id = ' +
      'r.file_id ORDER BY f.name, r.line_no',
  )) as Row[];
  return { calls: normalise(calls), files: normalise(files), rejects: normalise(rejects), rollups: await rollups(db) };
}

/**
 * call_summaries and every rollup (of call_summaries and of the calls), each summed by its time and key (rows of no
 * calls left out): what a report reads, whichever rows a crash made them of.
 */
async function rollups(db: TestDatabase): Promise<Record<string, string[]>> {
  const tables = [
    { table: 'call_summaries', key: callSummaryKey, figures: callSummaryFigures },
    ...callSummaryRollups.map((r) => ({
      table: r.table,
      key: r.key,
      figures: r.from === 'calls' ? callRollupFigures : callSummaryFigures,
    })),
  ];
  const result: Record<string, string[]> = {};
  for (const { table, key, figures } of tables) {
    const k = key.join(', ');
    result[table] = normalise(
      (await db.dataSource.query(
        `SELECT started_at, ${k}, ${figures.map((f) => `SUM(${f}) AS ${f}`).join(', ')} FROM ${table} ` +
          `GROUP BY started_at, ${k} HAVING SUM(calls) <> 0 ` +
          `ORDER BY started_at, ${key.map((c) => `${c} IS NULL, ${c}`).join(', ')}`,
      )) as Row[],
    );
  }
  return result;
}
