import type { DataSource } from 'typeorm';
import {
  costCentreEntity,
  departmentEntity,
  deviceEntity,
  deviceLineEntity,
  gatewayEntity,
  lineEntity,
  userEntity,
  type CostCentreRow,
  type DepartmentRow,
  type DeviceLineRow,
  type DeviceRow,
  type GatewayRow,
  type LineRow,
  type UserRow,
} from '../store/index.js';
import type { CurrentDirectory, CurrentRow } from './plan-directory-sync.js';
import type { PlanValue } from './sync-plan.js';
import { lineKeyOf } from './sync-model.js';

const v = (value: string | null | undefined): PlanValue => (value === null || value === undefined || value === '' ? null : value);

/** The stored directory as the plan compares it: every row, live and gone, with references as names. */
export async function loadCurrentDirectory(dataSource: DataSource): Promise<CurrentDirectory> {
  const all = <T>(entity: { options: { name: string } }) => dataSource.getRepository(entity.options.name).find() as Promise<T[]>;
  const [departments, costCentres, users, lines, devices, links, gateways] = await Promise.all([
    all<DepartmentRow>(departmentEntity),
    all<CostCentreRow>(costCentreEntity),
    all<UserRow>(userEntity),
    all<LineRow>(lineEntity),
    all<DeviceRow>(deviceEntity),
    all<DeviceLineRow>(deviceLineEntity),
    all<GatewayRow>(gatewayEntity),
  ]);
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const costCentreCode = new Map(costCentres.map((c) => [c.id, c.code]));
  const username = new Map(users.map((u) => [u.id, u.username]));
  const lineKey = new Map(lines.map((l) => [l.id, lineKeyOf(l)]));
  const linksOf = new Map<number, DeviceLineRow[]>();
  for (const link of links) linksOf.set(link.deviceId, [...(linksOf.get(link.deviceId) ?? []), link]);
  const row = (r: { id: number; syncSource: CurrentRow['syncSource']; goneAt: number | null }, key: string, values: CurrentRow['values']): CurrentRow => ({
    id: r.id,
    key,
    syncSource: r.syncSource,
    goneAt: r.goneAt === null ? null : Number(r.goneAt),
    values,
  });
  const ref = <K>(map: Map<K, string>, id: K | null) => (id === null ? null : (map.get(id) ?? null));
  return {
    departments: new Set(departments.map((d) => d.name)),
    costCentres: new Set(costCentres.map((c) => c.code)),
    users: users.map((u) =>
      row(u, u.username, {
        firstName: v(u.firstName),
        lastName: v(u.lastName),
        email: v(u.email),
        language: v(u.language),
        department: ref(departmentName, u.departmentId),
        costCentre: ref(costCentreCode, u.costCentreId),
        manager: v(u.managerUsername),
      }),
    ),
    lines: lines.map((l) => row(l, lineKeyOf(l), { description: v(l.description), owner: ref(username, l.userId) })),
    devices: devices.map((d) =>
      row(d, d.name, {
        model: v(d.model),
        description: v(d.description),
        owner: ref(username, d.userId),
        lines: v(
          (linksOf.get(d.id) ?? [])
            .sort((a, b) => a.position - b.position)
            .map((l) => lineKey.get(l.lineId))
            .filter((k): k is string => k !== undefined)
            .join(';'),
        ),
      }),
    ),
    gateways: gateways.map((g) => row(g, g.deviceName, { kind: g.kind, description: v(g.description) })),
  };
}
