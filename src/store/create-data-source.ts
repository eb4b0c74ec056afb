import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { BadInputError } from '../errors/index.js';
import { entities } from './entity-registry.js';
import { migrations } from './migrations/index.js';
import { serialiseTransactions } from './serialise-transactions.js';
import { RedactingQueryLogger } from './redacting-query-logger.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DataSourceSettings {
  /** `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. */
  url: string;
  /** PostgreSQL schema to use (tests give each suite its own). */
  schema?: string;
  logQueries?: boolean;
}

export function databaseKindOf(url: string): DatabaseKind {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new BadInputError(
    `database.url must start with sqlite: or postgres:// (got "${url.replace(/:[^:@/]*@/, ':***@')}")`,
  );
}

/** The SQLite file a `sqlite:` URL names, resolved against the working folder. */
export function sqlitePathOf(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Builds (does not open) the DataSource for a database URL; SQLite runs in WAL mode.
 * Transactions are serialised on SQLite and never nest (docs/architecture.md, Store).
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const logging = settings.logQueries ?? false;
  const common = {
    entities,
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
    options = {
      ...common,
      type: 'better-sqlite3',
      database,
      enableWAL: true,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        // Other connections (the CDR ingest worker) write too: wait for their lock instead of failing.
        db.pragma('busy_timeout = 5000');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
      },
    };
  } else {
    // With a schema, raw SQL must find the tables too: put it first on the search path.
    const schemaOptions = settings.schema
      ? { schema: settings.schema, extra: { options: `-c search_path=${settings.schema}` } }
      : {};
    options = { ...common, type: 'postgres', url: settings.url, ...schemaOptions };
  }
  return serialiseTransactions(new DataSource(options));
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
