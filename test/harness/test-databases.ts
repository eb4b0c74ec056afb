import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, MigrationInterface } from 'typeorm';
import { createDataSource, type DataSourceSettings, type DatabaseKind } from '../../src/store/index.js';

export interface TestDatabase {
  kind: DatabaseKind;
  /** URL a second connection (e.g. a worker thread) can open; with `schema` for PostgreSQL. */
  url: string;
  schema?: string;
  dataSource: DataSource;
  /** Runs the migrations `openTestDatabase` was asked to leave out (`dataSource` is then a new DataSource). */
  migrateToLatest(): Promise<void>;
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Run only these migrations (a migration's test starts from the layout before it). */
  migrations?: Array<new () => MigrationInterface>;
}

/** Opens `settings`' database with only `migrations` (all when not given) and runs them. */
async function openMigrated(settings: DataSourceSettings, options: TestDatabaseOptions): Promise<DataSource> {
  const dataSource = createDataSource(settings);
  if (options.migrations) dataSource.setOptions({ migrations: options.migrations });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function databaseKindsUnderTest(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh, migrated database: a SQLite file in its own temporary folder, or a
 * PostgreSQL schema of its own (dropped on close), so suites never share state.
 */
export async function openTestDatabase(kind: DatabaseKind, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-test-'));
    const url = `sqlite:${join(dir, 'tollgate.db')}`;
    const db: TestDatabase = {
      kind,
      url,
      dataSource: await openMigrated({ url }, options),
      migrateToLatest: async () => {
        await db.dataSource.destroy();
        db.dataSource = await openMigrated({ url }, {});
      },
      close: async () => {
        if (db.dataSource.isInitialized) await db.dataSource.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return db;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = createDataSource({ url });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const db: TestDatabase = {
    kind,
    url,
    schema,
    dataSource: await openMigrated({ url, schema }, options),
    migrateToLatest: async () => {
      await db.dataSource.destroy();
      db.dataSource = await openMigrated({ url, schema }, {});
    },
    close: async () => {
      if (db.dataSource.isInitialized) {
        await db.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
        await db.dataSource.destroy();
      }
    },
  };
  return db;
}
