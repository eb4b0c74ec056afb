import type { DataSource } from 'typeorm';
import type { IngestStore } from './ingest-store.js';
import type { SqliteHandle } from './sqlite-ingest-store.js';

export interface IngestDatabase {
  url: string;
  schema?: string;
}

/** An ingest store over a connection of its own, and how to close that connection. */
export interface OpenedIngestStore {
  store: IngestStore;
  close(): Promise<void>;
}

/** better-sqlite3's connection behind a SQLite DataSource (TypeORM's driver makes it public: `databaseConnection`). */
export function sqliteHandleOf(dataSource: DataSource): SqliteHandle {
  return (dataSource.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
}

/**
 * A connection of its own and the ingest store over it (SQLite or PostgreSQL by the URL). Each database's opener
 * is loaded only when used: the SQLite one opens better-sqlite3 itself, so the ingest's store thread on SQLite
 * loads no ORM (about 20 MB less resident memory, issue 18).
 */
export async function openIngestStore(
  database: IngestDatabase,
  origin: string | undefined,
): Promise<OpenedIngestStore> {
  if (database.url.startsWith('sqlite:'))
    return (await import('./open-sqlite-ingest-store.js')).openSqliteIngestStore(database.url);
  return (await import('./open-postgres-ingest-store.js')).openPostgresIngestStore(database, origin);
}
