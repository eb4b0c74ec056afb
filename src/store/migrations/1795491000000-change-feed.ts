import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * change_feed: one row per change another process must hear about (locks,
 * directory, budgets, tariffs), written in the transaction of the change. The
 * daemon follows it (PostgreSQL NOTIFY, SQLite data_version) instead of
 * polling each table, and prunes rows older than an hour.
 */
export class ChangeFeed1795491000000 implements MigrationInterface {
  name = 'ChangeFeed1795491000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'change_feed',
        columns: [col.id(), col.str('topic', 16), col.str('origin', 64), col.big('created_at'), col.text('payload')],
      }),
    );
    await q.createIndex(
      'change_feed',
      new TableIndex({ name: 'ix_change_feed_created_at', columnNames: ['created_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('change_feed');
  }
}
