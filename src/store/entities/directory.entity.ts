import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/** The directory sync source that keeps a row (issue 20); null for rows loaded from CSV files. */
export type DirectorySyncSource = 'ldap' | 'axl';

/**
 * Set on rows a directory sync keeps: its source, and when it stopped listing the row (kept for reports, never
 * deleted).
 */
export interface SyncedRow {
  syncSource: DirectorySyncSource | null;
  /** Epoch milliseconds; null while the source lists the row. */
  goneAt: number | null;
}

export interface DepartmentRow {
  id: number;
  name: string;
  description: string;
  managerUsername: string | null;
}

export interface CostCentreRow {
  id: number;
  code: string;
  name: string;
  managerUsername: string | null;
}

export type Language = 'en' | 'it' | 'de' | 'fr' | 'es';
export type UserRole = 'user' | 'supervisor' | 'admin';

export interface UserRow extends SyncedRow {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  language: Language | null;
  role: UserRole;
  departmentId: number | null;
  costCentreId: number | null;
  managerUsername: string | null;
}

export interface LineRow extends SyncedRow {
  id: number;
  extension: string;
  /** CUCM partition; '' for the null partition. With the extension, the line's identity. */
  partition: string;
  site: string | null;
  userId: number | null;
  description: string;
}

export interface DeviceRow extends SyncedRow {
  id: number;
  name: string;
  model: string;
  ipAddress: string | null;
  description: string;
  userId: number | null;
}

export interface DeviceLineRow {
  deviceId: number;
  lineId: number;
  /** 1-based button position of the line on the device. */
  position: number;
}

export type GatewayKind = 'gateway' | 'trunk';

export interface GatewayRow extends SyncedRow {
  id: number;
  deviceName: string;
  kind: GatewayKind;
  carrier: string | null;
  site: string | null;
  /** False for on-net devices such as intercluster trunks: calls through them are not PSTN calls. */
  pstn: boolean;
  description: string;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };
const nullableInt = { type: 'integer' as const, nullable: true };
const synced = {
  syncSource: { name: 'sync_source', type: 'varchar' as const, length: 8, nullable: true },
  goneAt: { name: 'gone_at', type: 'bigint' as const, nullable: true, transformer: bigintAsNumber },
};

export const departmentEntity = new EntitySchema<DepartmentRow>({
  name: 'Department',
  tableName: 'departments',
  columns: {
    id,
    name: { type: 'varchar', length: 120, unique: true },
    description: { type: 'varchar', length: 255, default: '' },
    managerUsername: { name: 'manager_username', type: 'varchar', length: 120, nullable: true },
  },
});

export const costCentreEntity = new EntitySchema<CostCentreRow>({
  name: 'CostCentre',
  tableName: 'cost_centres',
  columns: {
    id,
    code: { type: 'varchar', length: 60, unique: true },
    name: { type: 'varchar', length: 120, default: '' },
    managerUsername: { name: 'manager_username', type: 'varchar', length: 120, nullable: true },
  },
});

export const userEntity = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  columns: {
    id,
    username: { type: 'varchar', length: 120, unique: true },
    firstName: { name: 'first_name', type: 'varchar', length: 120, default: '' },
    lastName: { name: 'last_name', type: 'varchar', length: 120, default: '' },
    email: { type: 'varchar', length: 255, default: '' },
    language: { type: 'varchar', length: 5, nullable: true },
    role: { type: 'varchar', length: 16, default: 'user' },
    departmentId: { name: 'department_id', ...nullableInt },
    costCentreId: { name: 'cost_centre_id', ...nullableInt },
    managerUsername: { name: 'manager_username', type: 'varchar', length: 120, nullable: true },
    ...synced,
  },
});

export const lineEntity = new EntitySchema<LineRow>({
  name: 'Line',
  tableName: 'lines',
  columns: {
    id,
    extension: { type: 'varchar', length: 50 },
    partition: { type: 'varchar', length: 50, default: '' },
    site: { type: 'varchar', length: 60, nullable: true },
    userId: { name: 'user_id', ...nullableInt },
    description: { type: 'varchar', length: 255, default: '' },
    ...synced,
  },
  uniques: [{ name: 'uq_lines_extension_partition', columns: ['extension', 'partition'] }],
});

export const deviceEntity = new EntitySchema<DeviceRow>({
  name: 'Device',
  tableName: 'devices',
  columns: {
    id,
    name: { type: 'varchar', length: 129, unique: true },
    model: { type: 'varchar', length: 60, default: '' },
    ipAddress: { name: 'ip_address', type: 'varchar', length: 45, nullable: true },
    description: { type: 'varchar', length: 255, default: '' },
    userId: { name: 'user_id', ...nullableInt },
    ...synced,
  },
});

export const deviceLineEntity = new EntitySchema<DeviceLineRow>({
  name: 'DeviceLine',
  tableName: 'device_lines',
  columns: {
    deviceId: { name: 'device_id', type: 'integer', primary: true },
    lineId: { name: 'line_id', type: 'integer', primary: true },
    position: { type: 'integer', default: 1 },
  },
});

export const gatewayEntity = new EntitySchema<GatewayRow>({
  name: 'Gateway',
  tableName: 'gateways',
  columns: {
    id,
    deviceName: { name: 'device_name', type: 'varchar', length: 129, unique: true },
    kind: { type: 'varchar', length: 16, default: 'gateway' },
    carrier: { type: 'varchar', length: 120, nullable: true },
    site: { type: 'varchar', length: 60, nullable: true },
    pstn: { type: 'boolean', default: true },
    description: { type: 'varchar', length: 255, default: '' },
    ...synced,
  },
});
