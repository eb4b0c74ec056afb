import type { DataSource } from 'typeorm';
import type { CurrentDirectory, CurrentRow } from './plan-directory-sync.js';
import type { PlanValue } from './sync-plan.js';
import type { DirectorySyncSource } from './sync-model.js';

type Raw = Record<string, string | number | null>;
const v = (value: string | number | null | undefined): PlanValue =>
  value === null || value === undefined || value === '' ? null : String(value);
const n = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * The stored directory as the plan compares it: every row, live and gone, with references as names.
 * Plain SELECTs of the columns the plan compares (no entity objects): a 70,000-row directory is
 * read without building each row twice.
 */
export async function loadCurrentDirectory(dataSource: DataSource): Promise<CurrentDirectory> {
  // Each row is mapped as it is read: on SQLite straight from the statement's cursor, so that a
  // table's raw rows are never all in memory at once (they are on PostgreSQL, one table at a time).
  const connection = dataSource.options.type === 'better-sqlite3' ? sqliteConnection(dataSource) : null;
  const q = async (sql: string): Promise<Iterable<Raw>> =>
    connection ? connection.prepare(sql).iterate() : ((await dataSource.query(sql)) as Raw[]);
  const names = async (sql: string) => new Map(Array.from(await q(sql), (r) => [Number(r.id), String(r.k)]));
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
  const users = Array.from(
    await q(
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
  const lines = Array.from(
    await q('SELECT id, extension, partition, description, user_id, sync_source, gone_at FROM lines'),
    (l) => row(l, `${l.extension}/${l.partition}`, { description: v(l.description), owner: ref(username, l.user_id) }),
  );
  const lineKey = new Map(lines.map((l) => [l.id, l.key]));
  const linesOf = new Map<number, string[]>();
  for (const link of await q('SELECT device_id, line_id FROM device_lines ORDER BY device_id, position')) {
    const key = lineKey.get(Number(link.line_id));
    if (key === undefined) continue;
    const list = linesOf.get(Number(link.device_id));
    if (list) list.push(key);
    else linesOf.set(Number(link.device_id), [key]);
  }
  lineKey.clear();
  const devices = Array.from(
    await q('SELECT id, name, model, description, user_id, sync_source, gone_at FROM devices'),
    (d) =>
      row(d, String(d.name), {
        model: v(d.model),
        description: v(d.description),
        owner: ref(username, d.user_id),
        lines: v(linesOf.get(Number(d.id))?.join(';')),
      }),
  );
  const gateways = Array.from(
    await q('SELECT id, device_name, kind, description, sync_source, gone_at FROM gateways'),
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
