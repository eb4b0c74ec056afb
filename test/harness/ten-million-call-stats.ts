import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';

interface CallsStats {
  stat1: Array<{ idx: string; stat: string }>;
  stat4: Array<{ idx: string; neq: string; nlt: string; ndlt: string; sample: string }>;
}

/**
 * Loads what ANALYZE wrote for the calls of the 10M-call bench store (fixtures/budgets/README.md) into a SQLite
 * test database: its planner then chooses as it does at that size, in a database of a few rows. For EXPLAIN QUERY
 * PLAN tests of the calls queries (budgets' spend, the report engine's call lists).
 */
export async function planAsIfTenMillionCalls(ds: DataSource): Promise<void> {
  const stats = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/budgets/calls-10m-stats.json'), 'utf8'),
  ) as CallsStats;
  await ds.query('ANALYZE');
  await ds.query(`DELETE FROM sqlite_stat1 WHERE tbl = 'calls'`);
  for (const { idx, stat } of stats.stat1)
    await ds.query(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('calls', ?, ?)`, [idx, stat]);
  await ds.query(`DELETE FROM sqlite_stat4 WHERE tbl = 'calls'`);
  for (const { idx, neq, nlt, ndlt, sample } of stats.stat4)
    await ds.query(`INSERT INTO sqlite_stat4 (tbl, idx, neq, nlt, ndlt, sample) VALUES ('calls', ?, ?, ?, ?, ?)`, [
      idx,
      neq,
      nlt,
      ndlt,
      Buffer.from(sample, 'hex'),
    ]);
  await ds.query('ANALYZE sqlite_schema'); // reloads the statistics
}
