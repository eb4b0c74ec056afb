import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * Saved reports, and the calls indexes the report filters need beyond the
 * ones the calls table was born with (time; user, line, department and cost
 * centre with time). Each new index pairs a selective filter with the time
 * bound every report has. Low-cardinality filters (direction, answered,
 * destination type, nation, carrier) get none: the time range is the better
 * index for them (issue 8, bench/reports.bench.ts).
 */
export class Reports1795464787276 implements MigrationInterface {
  name = 'Reports1795464787276';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'saved_reports',
        columns: [
          col.id(),
          col.str('name', 120),
          col.str('description', 500),
          col.str('category', 120),
          col.str('owner', 120),
          col.text('options'),
          col.str('created_by', 120),
          col.big('created_at'),
          col.big('updated_at'),
        ],
        uniques: [{ name: 'uq_saved_reports_owner_name', columnNames: ['owner', 'name'] }],
      }),
      true,
    );
    const indexes: Array<[string, string]> = [
      ['ix_calls_extension_started', 'owner_extension'],
      ['ix_calls_gateway_started', 'gateway'],
      ['ix_calls_dialled_started', 'dialled_number'],
      ['ix_calls_calling_started', 'calling_number'],
    ];
    for (const [name, column] of indexes)
      await q.createIndex('calls', new TableIndex({ name, columnNames: [column, 'started_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'ix_calls_extension_started',
      'ix_calls_gateway_started',
      'ix_calls_dialled_started',
      'ix_calls_calling_started',
    ]) {
      await q.dropIndex('calls', name);
    }
    await q.dropTable('saved_reports');
  }
}
