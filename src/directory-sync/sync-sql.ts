import type { DataSource, EntityManager } from 'typeorm';

/** Bound values per statement: SQLite allows 32,766 (PostgreSQL 65,535). */
const MAX_PARAMS = 30_000;
/**
 * Rows per statement. Larger statements are hardly faster, but each distinct statement text stays
 * prepared in TypeORM's statement cache (100 per SQLite connection, for the daemon's life): at
 * 3,000 rows a statement held megabytes, at 500 it holds a few hundred kilobytes.
 */
const MAX_ROWS = 500;

export type SqlValue = string | number | null;
type Runner = Pick<EntityManager, 'query'>;

/**
 * Set-wise statements for the sync's writes, in the one SQL both SQLite and PostgreSQL accept:
 * multi-row INSERT … VALUES, UPDATE … FROM (VALUES …) joined on the id (a VALUES list's columns
 * are column1, column2, … in both), and UPDATE … WHERE id IN (…). Each statement carries at most
 * MAX_ROWS rows; callers chunk rows with `rowsPerStatement`.
 */
export function createSyncSql(dataSource: DataSource) {
  const postgres = dataSource.options.type === 'postgres';
  const placeholders = (count: number, offset: number): string =>
    Array.from({ length: count }, (_, i) => (postgres ? `$${offset + i + 1}` : '?')).join(', ');
  const valuesList = (rows: SqlValue[][]): { sql: string; params: SqlValue[] } => {
    const params: SqlValue[] = [];
    const tuples = rows.map((row) => {
      const tuple = `(${placeholders(row.length, params.length)})`;
      params.push(...row);
      return tuple;
    });
    return { sql: tuples.join(', '), params };
  };

  return {
    rowsPerStatement: (columns: number): number =>
      Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns)))),

    async insert(em: Runner, table: string, columns: string[], rows: SqlValue[][]): Promise<void> {
      if (rows.length === 0) return;
      const { sql, params } = valuesList(rows);
      await em.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${sql}`, params);
    },

    /**
     * Sets `columns` of the rows whose id is each row's first value. `casts` gives a column's SQL
     * type where the value is not text (PostgreSQL types a VALUES list of parameters as text).
     */
    async updateById(
      em: Runner,
      table: string,
      columns: string[],
      casts: Record<string, string>,
      rows: SqlValue[][],
    ): Promise<void> {
      if (rows.length === 0) return;
      const value = (column: string, index: number) =>
        casts[column] ? `CAST(v.column${index + 2} AS ${casts[column]})` : `v.column${index + 2}`;
      const set = columns.map((c, i) => `${c} = ${value(c, i)}`).join(', ');
      const { sql, params } = valuesList(rows);
      await em.query(
        `UPDATE ${table} SET ${set} FROM (VALUES ${sql}) AS v WHERE ${table}.id = CAST(v.column1 AS integer)`,
        params,
      );
    },

    async setWhereIdIn(em: Runner, table: string, column: string, value: SqlValue, ids: number[]): Promise<void> {
      if (ids.length === 0) return;
      await em.query(
        `UPDATE ${table} SET ${column} = ${postgres ? '$1' : '?'} WHERE id IN (${placeholders(ids.length, 1)})`,
        [value, ...ids],
      );
    },

    /** A phone's links replaced by (device name, line id, position) rows, the device found by its unique name. */
    async deleteLinksOf(em: Runner, deviceNames: string[]): Promise<void> {
      if (deviceNames.length === 0) return;
      await em.query(
        `DELETE FROM device_lines WHERE device_id IN (SELECT id FROM devices WHERE name IN (` +
          `${placeholders(deviceNames.length, 0)}))`,
        deviceNames,
      );
    },

    async insertLinks(em: Runner, links: SqlValue[][]): Promise<void> {
      if (links.length === 0) return;
      const { sql, params } = valuesList(links);
      await em.query(
        'INSERT INTO device_lines (device_id, line_id, position) ' +
          'SELECT d.id, CAST(v.column2 AS integer), CAST(v.column3 AS integer) ' +
          `FROM (VALUES ${sql}) AS v JOIN devices d ON d.name = v.column1`,
        params,
      );
    },

    async idsByKey(sql: string): Promise<Map<string, number>> {
      const rows = (await dataSource.query(sql)) as Array<{ k: string; id: number | string }>;
      return new Map(rows.map((r) => [String(r.k), Number(r.id)]));
    },
  };
}

export type SyncSql = ReturnType<typeof createSyncSql>;

/** `list` in pieces of `size`. */
export function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
