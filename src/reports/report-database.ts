import type { DataSource } from 'typeorm';
import type { SqlDialect } from './sql-dialect.js';

/** Where report SQL runs: the main DataSource, or a reader of its own (see createSqliteReportReader). */
export interface ReportDatabase {
  readonly dialect: SqlDialect;
  all(sql: string, values: unknown[]): Promise<Array<Record<string, unknown>>>;
}

export function dialectOf(dataSource: DataSource): SqlDialect {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** Report queries on the application's DataSource. */
export function dataSourceReportDatabase(dataSource: DataSource): ReportDatabase {
  return {
    dialect: dialectOf(dataSource),
    all: (sql, values) => dataSource.query(sql, values) as Promise<Array<Record<string, unknown>>>,
  };
}
