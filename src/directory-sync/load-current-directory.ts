import type { DataSource } from 'typeorm';
import type { CurrentDirectory, CurrentRow } from './plan-directory-sync.js';
import type { PlanValue } from './sync-plan.js';
import type { DirectorySyncSource } from './sync-model.js';

type Raw = Record<string, string | number | null>;
const v = (value: string | number | null | undefined): PlanValue =>
  value === null || value === undefined || value === '' ? null : String(value);
const n = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/** Rows fetched per round trip from a PostgreSQL cursor. */
const POSTGRES_BATCH_ROWS = 2000;

type Rows = Iterable<Raw> | AsyncIterable<Raw>;
type Read = (sql: string) => Rows;

/**
 * The stored directory as the plan compares it: every row, live and gone, with references as names.
 * Plain SELECTs of the columns the plan compares (no entity objects), each row mapped as it is read,
 * so that a table's raw rows are never all in memory at once: on SQLite straight from the
 * statement's cursor; on PostgreSQL from a cursor fetched `batchRows` at a time, all tables in one
 * read-only REPEATABLE READ transaction (one snapshot, as SQLite's reads see).
 */
export async function loadCurrentDirectory(
  dataSource: DataSource,
  options: { batchRows?: number } = {},
): Promise<CurrentDirectory> {
  if (dataSource.options.type === 'better-sqlite3') {
    const connection = sqliteConnection(dataSource);
    return mapDirectory((sql) => connection.prepare(sql).iterate());
  }
  const batch = options.batchRows ?? POSTGRES_BATCH_ROWS;
  return dataSource.transaction('REPEATABLE READ', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    let cursors = 0;
    return mapDirectory(async function* (sql) {
      const cursor = `directory_sync_${++cursors}`;
      await m.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
      for (;;) {
        const rows = (await m.query(`FETCH FORWARD ${batch} FROM ${cursor}`)) as Raw[];
        yield* rows;
        if (rows.length < batch) break;
      }
      await m.query(`CLOSE ${cursor}`);
    });
  });
}

/** Each row handed over as it is read (a synchronous cursor without a turn of the event loop per row). */
async function eachRow(rows: Rows, each: (row: Raw) => void): Promise<void> {
  if (Symbol.iterator in rows) for (const row of rows) each(row);
  else for await (const row of rows) each(row);
}

async function mapRows<T>(rows: Rows, map: (row: Raw) => T): Promise<T[]> {
  const mapped: T[] = [];
  await eachRow(rows, (row) => mapped.push(map(row)));
  return mapped;
}

async function mapDirectory(q: Read): Promise<CurrentDirectory> {
  const names = async (sql: string) => new Map(await mapRows(q(sql), (r) => [Number(r.id), String(r.k)] as const));
  const departmentName = await names('SELECT id, name AS k FROM departments');
  const costCentreCode = await names('SELECT id, code AS k FROM cost_centres');
  const ref = (map: Map<number, string>, id: string | number | null | undefined) =>
    id === null || id === undefined ? null : (map.get(Number(id)) ?? null);
  const row = (r: Raw, key: string, values: CurrentRow['values']): CurrentRow => ({
    id: Number(r.id),
    key,
    syncSource: (r.sync_source as DirectorySyncSource | null) ?? null,
    goneAt: n(r.gone_at),
    values,
  });
  const users = await mapRows(
    q(
      'SELECT id, username, first_name, last_name, email, language, department_id, cost_centre_id, ' +
        'manager_username, sync_source, gone_at FROM users',
    ),
    (u) =>
      row(u, String(u.username), {
        firstName: v(u.first_name),
        lastName: v(u.last_name),
        email: v(u.email),
        language: v(u.language),
        department: ref(departmentName, u.department_id),
        costCentre: ref(costCentreCode, u.cost_centre_id),
        manager: v(u.manager_username),
      }),
  );
  const username = new Map(users.map((u) => [u.id, u.key]));
  const lines = await mapRows(
    q('SELECT id, extension, partition, description, user_id, sync_source, gone_at FROM lines'),
    (l) => row(l, `${l.extension}/${l.partition}`, { description: v(l.description), owner: ref(username, l.user_id) }),
  );
  const lineKey = new Map(lines.map((l) => [l.id, l.key]));
  const linesOf = new Map<number, string[]>();
  await eachRow(q('SELECT device_id, line_id FROM device_lines ORDER BY device_id, position'), (link) => {
    const key = lineKey.get(Number(link.line_id));
    if (key === undefined) return;
    const list = linesOf.get(Number(link.device_id));
    if (list) list.push(key);
    else linesOf.set(Number(link.device_id), [key]);
  });
  lineKey.clear();
  const devices = await mapRows(
    q('SELECT id, name, model, description, user_id, sync_source, gone_at FROM devices'),
    (d) =>
      row(d, String(d.name), {
        model: v(d.model),
        description: v(d.description),
        owner: ref(username, d.user_id),
        lines: v(linesOf.get(Number(d.id))?.join(';')),
      }),
  );
  const gateways = await mapRows(
    q('SELECT id, device_name, kind, description, sync_source, gone_at FROM gateways'),
    (g) => row(g, String(g.device_name), { kind: v(g.kind), description: v(g.description) }),
  );
  return {
    departments: new Set(departmentName.values()),
    costCentres: new Set(costCentreCode.values()),
    users,
    lines,
    devices,
    gateways,
  };
}

interface SqliteConnection {
  prepare(sql: string): { iterate(): IterableIterator<Raw> };
}

/** better-sqlite3's connection behind TypeORM's driver (public there as `databaseConnection`). */
function sqliteConnection(dataSource: DataSource): SqliteConnection {
  return (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
}
