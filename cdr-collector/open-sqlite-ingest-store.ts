import { createRequire } from 'node:module';
import { journalModeWal, prepareSqliteConnection, sqlitePathOf } from '../src/sqlite-connection/index.js';
import type { OpenedIngestStore } from './open-ingest-store.js';
import { createSqliteIngestStore, type SqliteHandle } from './sqlite-ingest-store.js';

/** better-sqlite3 (TypeORM's SQLite driver, which ships no types here): the slice the ingest store uses. */
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  path: string,
) => SqliteHandle & { close(): void };

/**
 * The SQLite ingest store on a better-sqlite3 connection of its own, set up as the store's DataSource sets up its
 * connections (src/sqlite-connection), without TypeORM. The database exists and is migrated: the daemon or the
 * CLI opened it first.
 */
export function openSqliteIngestStore(url: string): OpenedIngestStore {
  const path = sqlitePathOf(url);
  const db = new Database(path);
  journalModeWal(db);
  // Not the process's checkpointing connection: SQLite's own checkpoint only as a backstop.
  prepareSqliteConnection(db, path === ':memory:' ? 'inline' : 'backstop');
  return { store: createSqliteIngestStore(db), close: async () => db.close() };
}
