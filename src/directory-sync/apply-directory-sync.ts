import { setImmediate as nextTurn } from 'node:timers/promises';
import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  costCentreEntity,
  departmentEntity,
  deviceEntity,
  deviceLineEntity,
  gatewayEntity,
  lineEntity,
  userEntity,
} from '../store/index.js';
import type { KindPlan, PlanValue, SyncPlan, SyncedKind } from './sync-plan.js';

/** Rows written per transaction: a lock change or CURRI's recorder waits for one page at most. */
const PAGE = 500;

type Refs = {
  departments: Map<string, number>;
  costCentres: Map<string, number>;
  users: Map<string, number>;
  lines: Map<string, number>;
};
type Columns = Record<string, unknown>;

const entityOf: Record<SyncedKind, string> = {
  users: userEntity.options.name,
  lines: lineEntity.options.name,
  devices: deviceEntity.options.name,
  gateways: gatewayEntity.options.name,
};

/**
 * Writes a plan page by page (a sync of 50,000 rows must not hold the database for its whole
 * length): departments and cost centres, then users, lines, phones and gateways, each resolving
 * the names of the kinds written before. Removal sets `gone_at` and nothing else. `finish` runs
 * in the last transaction (the change feed row and the audit entry).
 */
export async function applyDirectorySync(
  dataSource: DataSource,
  plan: SyncPlan,
  now: number,
  finish: (em: EntityManager) => Promise<void>,
): Promise<void> {
  await dataSource.transaction(async (em) => {
    for (const name of plan.departments) await em.insert(departmentEntity.options.name, { name });
    for (const code of plan.costCentres) await em.insert(costCentreEntity.options.name, { code });
  });
  const ids = async (sql: string) =>
    new Map(
      ((await dataSource.query(sql)) as Array<{ k: string; id: number | string }>).map((r) => [
        String(r.k),
        Number(r.id),
      ]),
    );
  const refs: Refs = {
    departments: await ids('SELECT name AS k, id FROM departments'),
    costCentres: await ids('SELECT code AS k, id FROM cost_centres'),
    users: new Map(),
    lines: new Map(),
  };
  await applyKind(dataSource, 'users', plan.users, refs, now);
  refs.users = await ids('SELECT username AS k, id FROM users');
  await applyKind(dataSource, 'lines', plan.lines, refs, now);
  refs.lines = await ids(`SELECT extension || '/' || partition AS k, id FROM lines`);
  await applyKind(dataSource, 'devices', plan.devices, refs, now);
  await applyKind(dataSource, 'gateways', plan.gateways, refs, now);
  await dataSource.transaction(finish);
}

async function applyKind(
  dataSource: DataSource,
  kind: SyncedKind,
  plan: KindPlan,
  refs: Refs,
  now: number,
): Promise<void> {
  const entity = entityOf[kind];
  for (let i = 0; i < plan.add.length; i += PAGE) {
    const page = plan.add.slice(i, i + PAGE);
    await dataSource.transaction(async (em) => {
      // updateEntity(false): TypeORM would otherwise read every inserted row back for its defaults.
      const rows = page.map((a) => ({ ...keyColumns(kind, a.key), ...columnsOf(kind, a.values, refs) }));
      await em.createQueryBuilder().insert().into(entity).values(rows).updateEntity(false).execute();
      if (kind === 'devices')
        await linkDevices(
          em,
          page.map((a) => ({ name: a.key, lines: a.values.lines ?? null })),
          refs,
        );
    });
    await nextTurn();
  }
  for (let i = 0; i < plan.change.length; i += PAGE) {
    const page = plan.change.slice(i, i + PAGE);
    await dataSource.transaction(async (em) => {
      for (const change of page) {
        const values = Object.fromEntries(change.changes.map((c) => [c.field, c.to]));
        const columns = columnsOf(kind, values, refs);
        if (Object.keys(columns).length > 0) await em.update(entity, { id: change.id }, columns);
        if (kind === 'devices' && 'lines' in values)
          await linkDevices(em, [{ name: change.key, lines: values.lines ?? null }], refs);
      }
    });
    await nextTurn();
  }
  for (let i = 0; i < plan.remove.length; i += PAGE) {
    const ids = plan.remove.slice(i, i + PAGE).map((r) => r.id);
    await dataSource.transaction((em) => em.update(entity, { id: In(ids) }, { goneAt: now }));
    await nextTurn();
  }
}

/** A phone's lines in button order, replacing the links it had. */
async function linkDevices(
  em: EntityManager,
  devices: Array<{ name: string; lines: PlanValue }>,
  refs: Refs,
): Promise<void> {
  const rows = (await em.find(deviceEntity.options.name, {
    where: { name: In(devices.map((d) => d.name)) },
  })) as Array<{ id: number; name: string }>;
  const idOf = new Map(rows.map((r) => [r.name, r.id]));
  const links: Array<{ deviceId: number; lineId: number; position: number }> = [];
  for (const device of devices) {
    const deviceId = idOf.get(device.name)!;
    await em.delete(deviceLineEntity.options.name, { deviceId });
    const seen = new Set<number>();
    for (const [index, key] of (device.lines?.split(';') ?? []).entries()) {
      const lineId = refs.lines.get(key);
      if (lineId === undefined || seen.has(lineId)) continue;
      seen.add(lineId);
      links.push({ deviceId, lineId, position: index + 1 });
    }
  }
  for (let i = 0; i < links.length; i += PAGE) await em.insert(deviceLineEntity.options.name, links.slice(i, i + PAGE));
}

function keyColumns(kind: SyncedKind, key: string): Columns {
  switch (kind) {
    case 'users':
      return { username: key };
    case 'lines': {
      const cut = key.indexOf('/');
      return { extension: key.slice(0, cut), partition: key.slice(cut + 1) };
    }
    case 'devices':
      return { name: key };
    case 'gateways':
      return { deviceName: key };
  }
}

/** The plan's values as the entity's columns ('' for empty text, ids for names). */
function columnsOf(kind: SyncedKind, values: Record<string, PlanValue>, refs: Refs): Columns {
  const out: Columns = {};
  const textOf = (v: PlanValue) => v ?? '';
  const idOf = (map: Map<string, number>, v: PlanValue) => (v === null ? null : (map.get(v) ?? null));
  for (const [field, value] of Object.entries(values)) {
    switch (field) {
      case 'syncSource':
      case 'language':
      case 'manager':
        out[field === 'manager' ? 'managerUsername' : field] = value;
        break;
      case 'goneAt':
        out.goneAt = value === null ? null : Date.parse(value);
        break;
      case 'department':
        out.departmentId = idOf(refs.departments, value);
        break;
      case 'costCentre':
        out.costCentreId = idOf(refs.costCentres, value);
        break;
      case 'owner':
        out.userId = idOf(refs.users, value);
        break;
      case 'lines':
        break;
      case 'kind':
        out.kind = value ?? 'gateway';
        break;
      default:
        out[field] = textOf(value);
    }
  }
  if (kind === 'gateways' && !('kind' in values)) delete out.kind;
  return out;
}
