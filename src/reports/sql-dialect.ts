/** The SQL flavours the report queries are written for. */
export type SqlDialect = 'sqlite' | 'postgres';

/** Collects bound values and hands back each one's placeholder in the dialect's style. */
export interface SqlParams {
  readonly dialect: SqlDialect;
  readonly values: unknown[];
  add(value: unknown): string;
}

export function createSqlParams(dialect: SqlDialect): SqlParams {
  const values: unknown[] = [];
  return {
    dialect,
    values,
    add(value) {
      // better-sqlite3 binds no booleans; both engines take 1/0 and TRUE/FALSE literals instead.
      values.push(typeof value === 'boolean' ? (dialect === 'sqlite' ? Number(value) : value) : value);
      return dialect === 'sqlite' ? '?' : `$${values.length}`;
    },
  };
}

export function boolSql(dialect: SqlDialect, value: boolean): string {
  if (dialect === 'sqlite') return value ? '1' : '0';
  return value ? 'TRUE' : 'FALSE';
}

/**
 * `expr` starts with `prefix`, written so an index on `expr` can serve it:
 * SQLite compares bytes (BINARY collation), so a range does; PostgreSQL's
 * collations need not order by bytes, so LIKE with the wildcards escaped.
 */
export function startsWithSql(params: SqlParams, expr: string, prefix: string): string {
  if (params.dialect === 'sqlite')
    return `(${expr} >= ${params.add(prefix)} AND ${expr} < ${params.add(`${prefix}\u{10FFFF}`)})`;
  return `${expr} LIKE ${params.add(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`;
}

export function containsSql(params: SqlParams, expr: string, text: string): string {
  return params.dialect === 'sqlite'
    ? `instr(${expr}, ${params.add(text)}) > 0`
    : `strpos(${expr}, ${params.add(text)}) > 0`;
}

/** Quotes a column alias so PostgreSQL keeps its case. */
export function alias(name: string): string {
  return `"${name.replace(/"/g, '')}"`;
}
