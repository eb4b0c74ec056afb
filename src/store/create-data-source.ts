import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { BadInputError } from '../errors/index.js';
import { createLogger, type Logger } from '../logging/index.js';
import { CodedCallTextGuard } from './coded-call-text-guard.js';
import { entities } from './entity-registry.js';
import { migrations } from './migrations/index.js';
import { setBulkWriteGate } from './bulk-write-gate.js';
import { runAlone, serialiseTransactions } from './serialise-transactions.js';
import { createWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import { RedactingQueryLogger } from './redacting-query-logger.js';
import { prepareSqliteConnection, sqlitePathOf, type WalCheckpoints } from '../sqlite-connection/index.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DataSourceSettings {
  /** `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. */
  url: string;
  /** PostgreSQL schema to use (tests give each suite its own). */
  schema?: string;
  logQueries?: boolean;
  /**
   * Who checkpoints a SQLite file's WAL. `background` (the default on the main
   * thread): a thread of its own on a timer, and SQLite's automatic checkpoint,
   * which runs inside a COMMIT on the committing thread, is off. `backstop` (the
   * default in worker threads: the process's main connection runs the thread):
   * SQLite's own only once the WAL holds `BACKSTOP_WAL_FRAMES`, so a worker's
   * commits do not copy pages the thread copies anyway, and the WAL restarts
   * should the thread fall behind. `inline`: SQLite's own at 1,000 frames.
   */
  walCheckpoints?: WalCheckpoints;
  /** The background checkpointer's timing and WAL limits (tests shorten them; bulk: half the max by default). */
  checkpointer?: {
    intervalMs?: number;
    maxWalFrames?: number;
    bulkWalFrames?: number;
    minFrames?: number;
    maxDelayMs?: number;
  };
  /** Where the background checkpointer reports a failure (default: warnings on stderr). */
  log?: Logger;
}

/** Between checkpoints: at most a few MB of WAL written by a busy writer (a re-rating). */
const CHECKPOINT_INTERVAL_MS = 200;
/**
 * 16 MiB of 4 KiB pages: past it, a checkpoint makes all writers wait rather than let the WAL grow on (a last
 * resort: bulk writers wait at the gate from half of it, so the WAL restarts before).
 */
const MAX_WAL_FRAMES = 4096;

export function databaseKindOf(url: string): DatabaseKind {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new BadInputError(
    `database.url must start with sqlite: or postgres:// (got "${url.replace(/:[^:@/]*@/, ':***@')}")`,
  );
}

export { sqlitePathOf };

/**
 * The SQLite file a data source's connection holds, which a connection of another thread can open too: undefined
 * for an in-memory database (no other connection can open it) and for PostgreSQL.
 */
export function sqliteFileOf(dataSource: DataSource): string | undefined {
  if (dataSource.options.type !== 'better-sqlite3') return undefined;
  const file = dataSource.options.database;
  return file === ':memory:' ? undefined : file;
}

/**
 * Builds (does not open) the DataSource for a database URL; SQLite runs in WAL mode.
 * Transactions are serialised on SQLite and never nest (docs/architecture.md, Store).
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const logging = settings.logQueries ?? false;
  const common = {
    entities,
    subscribers: [CodedCallTextGuard],
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging,
    ...(logging ? { logger: new RedactingQueryLogger(true) } : {}),
  };
  let options: DataSourceOptions;
  if (databaseKindOf(settings.url) === 'sqlite') {
    const database = sqlitePathOf(settings.url);
    if (database !== ':memory:') createPrivateDatabaseFile(database);
    const checkpoints: WalCheckpoints =
      database === ':memory:' ? 'inline' : (settings.walCheckpoints ?? (isMainThread ? 'background' : 'backstop'));
    options = {
      ...common,
      type: 'better-sqlite3',
      database,
      enableWAL: true,
      prepareDatabase: (db: { pragma(source: string): unknown }) => prepareSqliteConnection(db, checkpoints),
    };
    if (checkpoints === 'background') {
      return checkpointInBackground(serialiseTransactions(new DataSource(options)), database, settings);
    }
  } else {
    // With a schema, raw SQL must find the tables too: put it first on the search path.
    const schemaOptions = settings.schema
      ? { schema: settings.schema, extra: { options: `-c search_path=${settings.schema}` } }
      : {};
    options = { ...common, type: 'postgres', url: settings.url, ...schemaOptions };
  }
  return serialiseTransactions(new DataSource(options));
}

/** Starts the WAL checkpointer thread's timer when the data source opens, and stops it before it closes. */
function checkpointInBackground(dataSource: DataSource, path: string, settings: DataSourceSettings): DataSource {
  const initialize = dataSource.initialize.bind(dataSource);
  const destroy = dataSource.destroy.bind(dataSource);
  let checkpointer: WalCheckpointer | null = null;
  Object.assign(dataSource, {
    async initialize() {
      await initialize();
      const started = createWalCheckpointer({
        path,
        log: settings.log ?? createLogger({ level: 'warn' }),
        intervalMs: settings.checkpointer?.intervalMs ?? CHECKPOINT_INTERVAL_MS,
        maxWalFrames: settings.checkpointer?.maxWalFrames ?? MAX_WAL_FRAMES,
        ...(settings.checkpointer?.bulkWalFrames !== undefined && {
          bulkWalFrames: settings.checkpointer.bulkWalFrames,
        }),
        ...(settings.checkpointer?.minFrames !== undefined && { minFrames: settings.checkpointer.minFrames }),
        ...(settings.checkpointer?.maxDelayMs !== undefined && { maxDelayMs: settings.checkpointer.maxDelayMs }),
        alone: (job) => runAlone(dataSource, job),
      });
      checkpointer = started;
      setBulkWriteGate(dataSource, () => started.room());
      return dataSource;
    },
    async destroy() {
      await checkpointer?.stop();
      checkpointer = null;
      await destroy();
    },
  });
  return dataSource;
}

/**
 * The folder (when we create it) is 0700 and the database file 0600 whatever
 * the umask: it holds PIN and password hashes. The file is created before
 * better-sqlite3 opens it; SQLite gives its -wal and -shm files the database
 * file's mode, and existing ones are tightened here too.
 */
export function createPrivateDatabaseFile(database: string): void {
  const dir = dirname(database);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  closeSync(openSync(database, 'a', 0o600));
  for (const file of [database, `${database}-wal`, `${database}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
