/**
 * The directory CSV files: one kind per file, its columns named in the header
 * line (any order; only the key column is required). Documented in docs/manual/directory.md.
 */
export const directoryKinds = ['departments', 'cost-centres', 'users', 'lines', 'devices', 'gateways'] as const;
export type DirectoryKind = (typeof directoryKinds)[number];

export const directoryColumns: Record<DirectoryKind, { key: string[]; optional: string[] }> = {
  departments: { key: ['name'], optional: ['description', 'manager'] },
  'cost-centres': { key: ['code'], optional: ['name', 'manager'] },
  users: {
    key: ['username'],
    optional: ['first_name', 'last_name', 'email', 'language', 'role', 'department', 'cost_centre', 'manager'],
  },
  lines: { key: ['extension'], optional: ['partition', 'site', 'username', 'description', 'pin'] },
  devices: { key: ['name'], optional: ['model', 'ip', 'description', 'username', 'lines'] },
  gateways: { key: ['device_name'], optional: ['kind', 'carrier', 'site', 'pstn', 'description'] },
};

/** Files are loaded in this order so that references (department, user, line) resolve. */
export function importOrder(kind: DirectoryKind): number {
  return directoryKinds.indexOf(kind);
}

/** The kind a file name implies: `users.csv`, `cost_centres-2026.csv`, `Devices.CSV`… */
export function kindFromFileName(fileName: string): DirectoryKind | null {
  const base = fileName.split(/[\\/]/).pop()?.toLowerCase().replace(/_/g, '-') ?? '';
  return directoryKinds.find((kind) => base.startsWith(kind)) ?? null;
}
