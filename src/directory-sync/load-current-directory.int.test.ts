import type { Logger as QueryLogger } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { loadCurrentDirectory } from './load-current-directory.js';

const BATCH = 7;
const USERS = 25;
const pad = (i: number) => String(i).padStart(2, '0');

/** 25 users (one gone), 30 lines, 10 phones with 3 lines each (linked out of button order), 3 gateways. */
async function seed(db: TestDatabase): Promise<void> {
  const q = (sql: string) => db.dataSource.query(sql);
  const values = (count: number, row: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => row(i + 1)).join(', ');
  await q("INSERT INTO departments (name) VALUES ('Sales')");
  await q(
    'INSERT INTO users (username, first_name, department_id, manager_username, sync_source, gone_at) VALUES ' +
      values(
        USERS,
        (i) => `('u${pad(i)}', 'First ${i}', ${i % 2 ? 1 : 'NULL'}, 'u01', 'axl', ${i === 5 ? 1000 : 'NULL'})`,
      ),
  );
  await q(
    'INSERT INTO lines (extension, partition, user_id, description, sync_source) VALUES ' +
      values(30, (i) => `('30${pad(i)}', 'PT', ${((i - 1) % USERS) + 1}, 'Line ${i}', 'axl')`),
  );
  await q(
    'INSERT INTO devices (name, model, user_id, sync_source) VALUES ' +
      values(10, (i) => `('SEP${pad(i)}', 'Cisco 8845', ${i}, 'axl')`),
  );
  await q(
    'INSERT INTO device_lines (device_id, line_id, position) VALUES ' +
      values(30, (i) => `(${Math.ceil(i / 3)}, ${i}, ${4 - (((i - 1) % 3) + 1)})`),
  );
  await q(
    'INSERT INTO gateways (device_name, kind, sync_source) VALUES ' +
      "('GW1', 'gateway', 'axl'), ('GW2', 'trunk', 'axl'), ('GW3', 'gateway', NULL)",
  );
}

describe.each(databaseKindsUnderTest())('loadCurrentDirectory (%s)', (kind) => {
  let db: TestDatabase;
  const queries: string[] = [];
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seed(db);
    const capture: QueryLogger = {
      logQuery: (query) => void queries.push(query),
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    db.dataSource.setOptions({ logger: capture, logging: true });
  });
  afterAll(async () => db?.close());

  it('reads every row of a directory larger than one batch, with references as names', async () => {
    const current = await loadCurrentDirectory(db.dataSource, { batchRows: BATCH });
    expect(current.users).toHaveLength(USERS);
    expect(current.lines).toHaveLength(30);
    expect(current.devices).toHaveLength(10);
    expect(current.gateways.map((g) => [g.key, g.values.kind, g.syncSource])).toEqual([
      ['GW1', 'gateway', 'axl'],
      ['GW2', 'trunk', 'axl'],
      ['GW3', 'gateway', null],
    ]);
    const user = (name: string) => current.users.find((u) => u.key === name);
    expect(user('u03')).toMatchObject({ goneAt: null, values: { department: 'Sales', manager: 'u01' } });
    expect(user('u04')?.values.department).toBeNull();
    expect(user('u05')?.goneAt).toBe(1000);
    expect(current.lines.find((l) => l.key === '3027/PT')?.values).toEqual({ description: 'Line 27', owner: 'u02' });
    expect(current.devices.find((d) => d.key === 'SEP09')?.values).toEqual({
      model: 'Cisco 8845',
      description: null,
      owner: 'u09',
      lines: '3027/PT;3026/PT;3025/PT',
    });
    expect([...current.departments]).toEqual(['Sales']);
  });

  if (kind === 'postgres')
    it('reads PostgreSQL tables through cursors a batch at a time, never a whole table in one answer', async () => {
      queries.length = 0;
      await loadCurrentDirectory(db.dataSource, { batchRows: BATCH });
      const fetches = queries.filter((sql) => sql === `FETCH FORWARD ${BATCH} FROM directory_sync_3`);
      expect(fetches).toHaveLength(Math.ceil(USERS / BATCH) + (USERS % BATCH === 0 ? 1 : 0));
      expect(queries.filter((sql) => /^\s*SELECT\b.*\bFROM (users|lines|devices|device_lines)\b/s.test(sql))).toEqual(
        [],
      );
      expect(queries).toContain('SET TRANSACTION READ ONLY');
    });
});
