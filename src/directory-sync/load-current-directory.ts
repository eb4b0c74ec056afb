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
  const q = (sql: string) => dataSource.query(sql) as Promise<Raw[]>;
  const departments = await q('SELECT id, name FROM departments');
  const costCentres = await q('SELECT id, code FROM cost_centres');
  const users = await q(
    'SELECT id, username, first_name, last_name, email, language, department_id, cost_centre_id, manager_username, sync_source, gone_at FROM users',
  );
  const lines = await q('SELECT id, extension, partition, description, user_id, sync_source, gone_at FROM lines');
  const devices = await q('SELECT id, name, model, description, user_id, sync_source, gone_at FROM devices');
  const links = await q('SELECT device_id, line_id, position FROM device_lines ORDER BY device_id, position');
  const gateways = await q('SELECT id, device_name, kind, description, sync_source, gone_at FROM gateways');
  const departmentName = new Map(departments.map((d) => [Number(d.id), String(d.name)]));
  const costCentreCode = new Map(costCentres.map((c) => [Number(c.id), String(c.code)]));
  const username = new Map(users.map((u) => [Number(u.id), String(u.username)]));
  const lineKey = new Map(lines.map((l) => [Number(l.id), `${l.extension}/${l.partition}`]));
  const linesOf = new Map<number, string[]>();
  for (const link of links) {
    const key = lineKey.get(Number(link.line_id));
    if (key === undefined) continue;
    const list = linesOf.get(Number(link.device_id));
    if (list) list.push(key);
    else linesOf.set(Number(link.device_id), [key]);
  }
  const ref = (map: Map<number, string>, id: string | number | null | undefined) =>
    id === null || id === undefined ? null : (map.get(Number(id)) ?? null);
  const row = (r: Raw, key: string, values: CurrentRow['values']): CurrentRow => ({
    id: Number(r.id),
    key,
    syncSource: (r.sync_source as DirectorySyncSource | null) ?? null,
    goneAt: n(r.gone_at),
    values,
  });
  return {
    departments: new Set(departmentName.values()),
    costCentres: new Set(costCentreCode.values()),
    users: users.map((u) =>
      row(u, String(u.username), {
        firstName: v(u.first_name),
        lastName: v(u.last_name),
        email: v(u.email),
        language: v(u.language),
        department: ref(departmentName, u.department_id),
        costCentre: ref(costCentreCode, u.cost_centre_id),
        manager: v(u.manager_username),
      }),
    ),
    lines: lines.map((l) =>
      row(l, `${l.extension}/${l.partition}`, { description: v(l.description), owner: ref(username, l.user_id) }),
    ),
    devices: devices.map((d) =>
      row(d, String(d.name), {
        model: v(d.model),
        description: v(d.description),
        owner: ref(username, d.user_id),
        lines: v(linesOf.get(Number(d.id))?.join(';')),
      }),
    ),
    gateways: gateways.map((g) => row(g, String(g.device_name), { kind: v(g.kind), description: v(g.description) })),
  };
}
