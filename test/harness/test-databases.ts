import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, type DatabaseKind } from '../../src/store/index.js';

export interface TestDatabase {
  kind: DatabaseKind;
  /** URL a second connection (e.g. a worker thread) can open; with `schema` for PostgreSQL. */
  url: string;
  schema?: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function databaseKindsUnderTest(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh, migrated database: a SQLite file in its own temporary folder, or a
 * PostgreSQL schema of its own (dropped on close), so suites never share state.
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-test-'));
    const url = `sqlite:${join(dir, 'tollgate.db')}`;
    const dataSource = createDataSource({ url });
    await dataSource.initialize();
    await dataSource.runMigrations();
    return {
      kind,
      url,
      dataSource,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = createDataSource({ url });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const dataSource = createDataSource({ url, schema });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    kind,
    url,
    schema,
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) {
        await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
        await dataSource.destroy();
      }
    },
  };
}
