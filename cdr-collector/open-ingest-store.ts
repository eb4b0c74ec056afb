import type { DataSource } from 'typeorm';
import { systemClock } from '../src/clock.js';
import { createChangeFeedWriter } from '../src/change-feed/index.js';
import { createDataSource, databaseKindOf } from '../src/store/index.js';
import type { IngestStore } from './ingest-store.js';
import { createPostgresIngestStore } from './postgres-ingest-store.js';
import { createSqliteIngestStore, type SqliteHandle } from './sqlite-ingest-store.js';

export interface IngestDatabase {
  url: string;
  schema?: string;
}

/** better-sqlite3's connection behind a SQLite DataSource (TypeORM's driver makes it public: `databaseConnection`). */
export function sqliteHandleOf(dataSource: DataSource): SqliteHandle {
  return (dataSource.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
}

/** A connection of its own and the ingest store over it (SQLite or PostgreSQL by the URL). */
export async function openIngestStore(
  database: IngestDatabase,
  origin: string | undefined,
): Promise<{ dataSource: DataSource; store: IngestStore }> {
  const settings = { url: database.url, ...(database.schema ? { schema: database.schema } : {}) };
  const dataSource = createDataSource(settings);
  await dataSource.initialize();
  const store =
    databaseKindOf(settings.url) === 'sqlite'
      ? createSqliteIngestStore(sqliteHandleOf(dataSource))
      : createPostgresIngestStore(
          dataSource,
          origin ? createChangeFeedWriter({ clock: systemClock, origin }) : undefined,
        );
  return { dataSource, store };
}
