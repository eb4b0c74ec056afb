import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { KindPlan, PlanValue, SyncPlan, SyncedKind } from './sync-plan.js';
import { chunks, createSyncSql, type SqlValue, type SyncSql } from './sync-sql.js';

/**
 * Rows written per transaction (in statements of a few hundred rows): a lock change or CURRI's recorder waits for
 * one at most.
 */
const ROWS_PER_TRANSACTION = 5000;

type Refs = Record<'departments' | 'costCentres' | 'users' | 'lines', Map<string, number>>;

/** How a plan field is stored: its column and how its value becomes the column's. */
interface FieldSpec {
  column: string;
  /** text: '' for empty; nullable: null for empty; ref: the id of the named row; epoch: ISO → ms; kind: a gateway's. */
  as: 'text' | 'nullable' | 'ref' | 'epoch' | 'kind';
  ref?: keyof Refs;
}

const text = (column: string): FieldSpec => ({ column, as: 'text' });
const nullable = (column: string): FieldSpec => ({ column, as: 'nullable' });
const ref = (column: string, to: keyof Refs): FieldSpec => ({ column, as: 'ref', ref: to });
const synced = { syncSource: nullable('sync_source'), goneAt: { column: 'gone_at', as: 'epoch' } as FieldSpec };

const tables: Record<SyncedKind, { table: string; keys: string[]; fields: Record<string, FieldSpec> }> = {
  users: {
    table: 'users',
    keys: ['username'],
    fields: {
      firstName: text('first_name'),
      lastName: text('last_name'),
      email: text('email'),
      language: nullable('language'),
      department: ref('department_id', 'departments'),
      costCentre: ref('cost_centre_id', 'costCentres'),
      manager: nullable('manager_username'),
      ...synced,
    },
  },
  lines: {
    table: 'lines',
    keys: ['extension', 'partition'],
    fields: { description: text('description'), owner: ref('user_id', 'users'), ...synced },
  },
  // A phone's `lines` are its device_lines rows, written apart.
  devices: {
    table: 'devices',
    keys: ['name'],
    fields: { model: text('model'), description: text('description'), owner: ref('user_id', 'users'), ...synced },
  },
  gateways: {
    table: 'gateways',
    keys: ['device_name'],
    fields: { kind: { column: 'kind', as: 'kind' }, description: text('description'), ...synced },
  },
};

/**
 * Writes a plan set-wise: each kind's adds as multi-row INSERTs and its changes as UPDATE … FROM
 * (VALUES …), 500 rows per statement and 5,000 per transaction (a lock change or CURRI's recorder
 * waits for one transaction at most; the event loop turns between them), in the
 * order departments and cost centres, users, lines, phones with their lines, gateways, each
 * resolving the names of the kinds written before. Removal sets `gone_at` and nothing else.
 * `finish` runs in the last transaction (the change feed row and the audit entry).
 */
export async function applyDirectorySync(
  dataSource: DataSource,
  plan: SyncPlan,
  now: number,
  finish: (em: EntityManager) => Promise<void>,
): Promise<void> {
  const sql = createSyncSql(dataSource);
  const named = async (table: string, column: string, names: string[]) => {
    for (const part of chunks(names, sql.rowsPerStatement(1))) {
      await dataSource.transaction((em) =>
        sql.insert(
          em,
          table,
          [column],
          part.map((n) => [n]),
        ),
      );
    }
  };
  await named('departments', 'name', plan.departments);
  await named('cost_centres', 'code', plan.costCentres);
  const writes = (k: KindPlan) => k.add.length + k.change.length > 0;
  const empty = new Map<string, number>();
  const refs: Refs = { departments: empty, costCentres: empty, users: empty, lines: empty };
  if (writes(plan.users)) {
    refs.departments = await sql.idsByKey('SELECT name AS k, id FROM departments');
    refs.costCentres = await sql.idsByKey('SELECT code AS k, id FROM cost_centres');
  }
  await applyKind(dataSource, sql, 'users', plan.users, refs, now);
  if (writes(plan.lines) || writes(plan.devices))
    refs.users = await sql.idsByKey('SELECT username AS k, id FROM users');
  await applyKind(dataSource, sql, 'lines', plan.lines, refs, now);
  if (writes(plan.devices)) refs.lines = await sql.idsByKey(`SELECT extension || '/' || partition AS k, id FROM lines`);
  await applyKind(dataSource, sql, 'devices', plan.devices, refs, now);
  await applyKind(dataSource, sql, 'gateways', plan.gateways, refs, now);
  await dataSource.transaction(finish);
}

async function applyKind(
  dataSource: DataSource,
  sql: SyncSql,
  kind: SyncedKind,
  plan: KindPlan,
  refs: Refs,
  now: number,
): Promise<void> {
  const { table, keys, fields } = tables[kind];
  const specsOf = (names: string[]) => names.filter((f) => f in fields).map((f) => fields[f]!);

  for (const [names, adds] of groupBy(plan.add, (a) => Object.keys(a.values))) {
    const specs = specsOf(names);
    const columns = [...keys, ...specs.map((s) => s.column)];
    const fieldNames = names.filter((f) => f in fields);
    for (const part of chunks(adds, ROWS_PER_TRANSACTION)) {
      await dataSource.transaction(async (em) => {
        for (const statement of chunks(part, sql.rowsPerStatement(columns.length))) {
          const rows = statement.map((a) => [
            ...keyValues(kind, a.key),
            ...fieldNames.map((f, i) => stored(specs[i]!, a.values[f] ?? null, refs)),
          ]);
          await sql.insert(em, table, columns, rows);
        }
        if (kind === 'devices') await linkDevices(em, sql, part, refs, false);
      });
      await nextTurn();
    }
  }

  for (const [names, changes] of groupBy(plan.change, (c) => c.changes.map((f) => f.field))) {
    const fieldNames = names.filter((f) => f in fields);
    const specs = specsOf(names);
    const casts = Object.fromEntries(
      specs
        .filter((s) => s.as === 'ref' || s.as === 'epoch')
        .map((s) => [s.column, s.as === 'ref' ? 'integer' : 'bigint']),
    );
    const relink = kind === 'devices' && names.includes('lines');
    for (const part of chunks(changes, ROWS_PER_TRANSACTION)) {
      await dataSource.transaction(async (em) => {
        for (const statement of specs.length > 0 ? chunks(part, sql.rowsPerStatement(specs.length + 1)) : []) {
          const rows = statement.map((c) => {
            const to = new Map(c.changes.map((f) => [f.field, f.to]));
            return [c.id, ...fieldNames.map((f, i) => stored(specs[i]!, to.get(f) ?? null, refs))];
          });
          await sql.updateById(
            em,
            table,
            specs.map((s) => s.column),
            casts,
            rows,
          );
        }
        if (relink) {
          const devices = part.map((c) => ({
            key: c.key,
            values: { lines: c.changes.find((f) => f.field === 'lines')?.to ?? null },
          }));
          await linkDevices(em, sql, devices, refs, true);
        }
      });
      await nextTurn();
    }
  }

  for (const part of chunks(
    plan.remove.map((r) => r.id),
    ROWS_PER_TRANSACTION,
  )) {
    await dataSource.transaction(async (em) => {
      for (const ids of chunks(part, sql.rowsPerStatement(1))) await sql.setWhereIdIn(em, table, 'gone_at', now, ids);
    });
    await nextTurn();
  }
}

/** Phones' lines in button order (a line once per phone), replacing the links they had. */
async function linkDevices(
  em: EntityManager,
  sql: SyncSql,
  devices: Array<{ key: string; values: Record<string, PlanValue> }>,
  refs: Refs,
  replace: boolean,
): Promise<void> {
  if (replace)
    for (const part of chunks(
      devices.map((d) => d.key),
      sql.rowsPerStatement(1),
    ))
      await sql.deleteLinksOf(em, part);
  const links: SqlValue[][] = [];
  for (const device of devices) {
    const seen = new Set<number>();
    for (const [index, key] of (device.values.lines?.split(';') ?? []).entries()) {
      const lineId = refs.lines.get(key);
      if (lineId === undefined || seen.has(lineId)) continue;
      seen.add(lineId);
      links.push([device.key, lineId, index + 1]);
    }
  }
  for (const part of chunks(links, sql.rowsPerStatement(3))) await sql.insertLinks(em, part);
}

/** Items grouped by the (sorted) field names they carry, so that each group is one statement shape. */
function groupBy<T>(items: readonly T[], names: (item: T) => string[]): Map<string[], T[]> {
  const bySignature = new Map<string, { names: string[]; items: T[] }>();
  for (const item of items) {
    const sorted = names(item).sort();
    const signature = sorted.join(',');
    const group = bySignature.get(signature);
    if (group) group.items.push(item);
    else bySignature.set(signature, { names: sorted, items: [item] });
  }
  return new Map([...bySignature.values()].map((g) => [g.names, g.items]));
}

function keyValues(kind: SyncedKind, key: string): SqlValue[] {
  if (kind !== 'lines') return [key];
  const cut = key.indexOf('/');
  return [key.slice(0, cut), key.slice(cut + 1)];
}

/** A plan value as its column stores it ('' for empty text, ids for names). */
function stored(spec: FieldSpec, value: PlanValue, refs: Refs): SqlValue {
  switch (spec.as) {
    case 'text':
      return value ?? '';
    case 'nullable':
      return value;
    case 'ref':
      return value === null ? null : (refs[spec.ref!].get(value) ?? null);
    case 'epoch':
      return value === null ? null : Date.parse(value);
    case 'kind':
      return value ?? 'gateway';
  }
}
