import type { QueryRunner } from 'typeorm';

/**
 * Runs `fn` with SQLite's triggers dropped, then creates them again as they were: SQLite checks every trigger again
 * when a column is dropped, and rejects the rollups' upserts into an aliased table (1796000000000, `AS r`), which
 * run fine. For migrations that drop columns no trigger names. PostgreSQL: `fn` alone.
 */
export async function withoutSqliteTriggers(q: QueryRunner, fn: () => Promise<void>): Promise<void> {
  if (q.connection.driver.options.type === 'postgres') return fn();
  const triggers = (await q.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")) as Array<{
    name: string;
    sql: string;
  }>;
  for (const t of triggers) await q.query(`DROP TRIGGER ${t.name}`);
  await fn();
  for (const t of triggers) await q.query(t.sql);
}
