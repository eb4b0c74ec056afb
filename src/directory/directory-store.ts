import type { EntityManager } from 'typeorm';
import {
  costCentreEntity,
  departmentEntity,
  deviceEntity,
  deviceLineEntity,
  gatewayEntity,
  lineEntity,
  userEntity,
  type LineRow,
} from '../store/index.js';
import type { DirectoryKind } from './directory-csv-columns.js';
import type { DirectoryRow } from './directory-row-schemas.js';
import type { ParsedDirectoryFile, RowProblem } from './parse-directory-csv.js';

export interface UpsertOutcome {
  added: number;
  updated: number;
  rejected: RowProblem[];
  /** Default PINs given in a lines file, for the PIN store to provision. */
  pins: Array<{ lineId: number; pin: string }>;
}

class RowRejected extends Error {}

/**
 * Writes one parsed file's rows, inside the caller's transaction. A row whose reference does not resolve is
 * rejected.
 */
export async function upsertDirectoryRows(
  em: EntityManager,
  file: ParsedDirectoryFile<DirectoryKind>,
): Promise<UpsertOutcome> {
  const outcome: UpsertOutcome = { added: 0, updated: 0, rejected: [], pins: [] };
  const has = (column: string) => file.columns.has(column);
  for (const { line, value } of file.rows) {
    try {
      const added = await upsertOne(em, file.kind, value, has, outcome);
      if (added) outcome.added += 1;
      else outcome.updated += 1;
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      outcome.rejected.push({ line, reason: err.message });
    }
  }
  return outcome;
}

/** Keeps only the fields whose column the file has, so an absent column never blanks stored data. */
function present<T extends Record<string, unknown>>(
  fields: T,
  has: (c: string) => boolean,
  columnOf: Record<keyof T, string>,
): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => has(columnOf[k as keyof T]))) as Partial<T>;
}

async function upsertOne(
  em: EntityManager,
  kind: DirectoryKind,
  value: DirectoryRow<DirectoryKind>,
  has: (c: string) => boolean,
  outcome: UpsertOutcome,
): Promise<boolean> {
  switch (kind) {
    case 'departments': {
      const v = value as DirectoryRow<'departments'>;
      const fields = present({ description: v.description ?? '', managerUsername: v.manager ?? null }, has, {
        description: 'description',
        managerUsername: 'manager',
      });
      return save(em, departmentEntity.options.name, { name: v.name }, fields);
    }
    case 'cost-centres': {
      const v = value as DirectoryRow<'cost-centres'>;
      const fields = present({ name: v.name ?? '', managerUsername: v.manager ?? null }, has, {
        name: 'name',
        managerUsername: 'manager',
      });
      return save(em, costCentreEntity.options.name, { code: v.code }, fields);
    }
    case 'users': {
      const v = value as DirectoryRow<'users'>;
      const departmentId = has('department')
        ? await idOf(em, departmentEntity.options.name, 'name', v.department ?? null, 'department')
        : undefined;
      const costCentreId = has('cost_centre')
        ? await idOf(em, costCentreEntity.options.name, 'code', v.cost_centre ?? null, 'cost centre')
        : undefined;
      const fields = present(
        {
          firstName: v.first_name ?? '',
          lastName: v.last_name ?? '',
          email: v.email ?? '',
          language: v.language ?? null,
          role: v.role ?? 'user',
          departmentId,
          costCentreId,
          managerUsername: v.manager ?? null,
        },
        has,
        {
          firstName: 'first_name',
          lastName: 'last_name',
          email: 'email',
          language: 'language',
          role: 'role',
          departmentId: 'department',
          costCentreId: 'cost_centre',
          managerUsername: 'manager',
        },
      );
      return save(em, userEntity.options.name, { username: v.username }, fields);
    }
    case 'lines': {
      const v = value as DirectoryRow<'lines'>;
      const userId = has('username')
        ? await idOf(em, userEntity.options.name, 'username', v.username ?? null, 'user')
        : undefined;
      const fields = present({ site: v.site ?? null, userId, description: v.description ?? '' }, has, {
        site: 'site',
        userId: 'username',
        description: 'description',
      });
      const key = { extension: v.extension, partition: v.partition ?? '' };
      const added = await save(em, lineEntity.options.name, key, fields);
      if (v.pin) {
        const saved = (await em.findOneByOrFail<LineRow>(lineEntity.options.name, key)) as LineRow;
        outcome.pins.push({ lineId: saved.id, pin: v.pin });
      }
      return added;
    }
    case 'devices': {
      const v = value as DirectoryRow<'devices'>;
      const userId = has('username')
        ? await idOf(em, userEntity.options.name, 'username', v.username ?? null, 'user')
        : undefined;
      const lineIds: number[] = [];
      for (const ref of v.lines ?? []) {
        const lineRow = await em.findOneBy<LineRow>(lineEntity.options.name, {
          extension: ref.extension,
          partition: ref.partition,
        });
        if (!lineRow)
          throw new RowRejected(
            `unknown line ${ref.extension}${ref.partition ? `/${ref.partition}` : ''} (load it in a lines file first)`,
          );
        lineIds.push(lineRow.id);
      }
      const fields = present(
        { model: v.model ?? '', ipAddress: v.ip ?? null, description: v.description ?? '', userId },
        has,
        { model: 'model', ipAddress: 'ip', description: 'description', userId: 'username' },
      );
      const added = await save(em, deviceEntity.options.name, { name: v.name }, fields);
      if (has('lines')) {
        const device = (await em.findOneByOrFail(deviceEntity.options.name, { name: v.name })) as unknown as {
          id: number;
        };
        await em.delete(deviceLineEntity.options.name, { deviceId: device.id });
        for (const [index, lineId] of lineIds.entries()) {
          await em.insert(deviceLineEntity.options.name, { deviceId: device.id, lineId, position: index + 1 });
        }
      }
      return added;
    }
    case 'gateways': {
      const v = value as DirectoryRow<'gateways'>;
      const fields = present(
        {
          kind: v.kind ?? 'gateway',
          carrier: v.carrier ?? null,
          site: v.site ?? null,
          pstn: v.pstn ?? true,
          description: v.description ?? '',
        },
        has,
        { kind: 'kind', carrier: 'carrier', site: 'site', pstn: 'pstn', description: 'description' },
      );
      return save(em, gatewayEntity.options.name, { deviceName: v.device_name }, fields);
    }
  }
}

async function save(
  em: EntityManager,
  entity: string,
  key: Record<string, unknown>,
  fields: Record<string, unknown>,
): Promise<boolean> {
  const existing = await em.findOneBy(entity, key as never);
  if (existing) {
    if (Object.keys(fields).length > 0) await em.update(entity, key as never, fields as never);
    return false;
  }
  await em.insert(entity, { ...fields, ...key });
  return true;
}

async function idOf(
  em: EntityManager,
  entity: string,
  column: string,
  value: string | null,
  what: string,
): Promise<number | null> {
  if (value === null) return null;
  const row = (await em.findOneBy(entity, { [column]: value } as never)) as { id: number } | null;
  if (!row) throw new RowRejected(`unknown ${what} "${value}"`);
  return row.id;
}
