import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const tables = ['users', 'lines', 'devices', 'gateways'];

/**
 * Directory sync (issue 20): which source (ldap, axl) keeps a row, and when that source stopped
 * listing it. A row a source drops is marked gone, never deleted: its calls, locks, budgets and
 * history keep pointing at it for reports. Rows loaded from CSV files have no source.
 */
export class DirectorySync1795670000000 implements MigrationInterface {
  name = 'DirectorySync1795670000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of tables) {
      await q.addColumn(
        table,
        new TableColumn({ name: 'sync_source', type: 'varchar', length: '8', isNullable: true }),
      );
      await q.addColumn(table, new TableColumn({ name: 'gone_at', type: 'bigint', isNullable: true }));
      await q.createIndex(table, new TableIndex({ name: `ix_${table}_sync_source`, columnNames: ['sync_source'] }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of tables) {
      await q.dropIndex(table, `ix_${table}_sync_source`);
      await q.dropColumn(table, 'gone_at');
      await q.dropColumn(table, 'sync_source');
    }
  }
}
