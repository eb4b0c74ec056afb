import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every index on `calls` is paid by every stored CDR: the ingest worker's
 * SQLite insert and commit are most of its time (bench/cdr-ingest.bench.ts).
 * These three serve nothing another index does not:
 * - (department_id, started_at) and (cost_centre_id, started_at) are prefixes
 *   of the covering report indexes (department_id / cost_centre_id, started_at, …);
 * - (ingested_at) only answered /healthz's latest ingest, now read from the
 *   newest row by id (ids grow with ingestion).
 */
const dropped: Array<[string, string[]]> = [
  ['ix_calls_department_started', ['department_id', 'started_at']],
  ['ix_calls_cost_centre_started', ['cost_centre_id', 'started_at']],
  ['ix_calls_ingested_at', ['ingested_at']],
];

export class DropRedundantCallIndexes1795480000000 implements MigrationInterface {
  name = 'DropRedundantCallIndexes1795480000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name] of dropped) await q.dropIndex('calls', name);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, columnNames] of dropped) await q.createIndex('calls', new TableIndex({ name, columnNames }));
  }
}
