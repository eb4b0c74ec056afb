import { systemClock } from '../src/clock.js';
import { createChangeFeedWriter } from '../src/change-feed/index.js';
import { createDataSource } from '../src/store/index.js';
import type { IngestDatabase, OpenedIngestStore } from './open-ingest-store.js';
import { createPostgresIngestStore } from './postgres-ingest-store.js';

/** The PostgreSQL ingest store on a DataSource of its own; `origin` names the daemon in the change feed. */
export async function openPostgresIngestStore(
  database: IngestDatabase,
  origin: string | undefined,
): Promise<OpenedIngestStore> {
  const dataSource = createDataSource({ url: database.url, ...(database.schema ? { schema: database.schema } : {}) });
  await dataSource.initialize();
  const store = createPostgresIngestStore(
    dataSource,
    origin ? createChangeFeedWriter({ clock: systemClock, origin }) : undefined,
  );
  return { store, close: () => dataSource.destroy() };
}
