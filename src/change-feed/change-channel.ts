import type { DataSource } from 'typeorm';

/**
 * The PostgreSQL NOTIFY channel of a database schema. Notifications are
 * database-wide, so a schema other than the default (each test suite has its
 * own) gets a channel of its own. Channel names are identifiers: at most 63 bytes.
 */
export function changeChannelOf(ds: DataSource): string {
  const schema = ds.options.type === 'postgres' ? ds.options.schema : undefined;
  return (schema ? `tollgate_changes_${schema}` : 'tollgate_changes').slice(0, 63);
}
