import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The Users page lists users by last name, first name, username, a page at a time: with this
 * index a page is read in index order (the ids come from the index alone) instead of sorting
 * all 20,000 users for every page.
 */
export class UsersNameOrderIndex1795600000001 implements MigrationInterface {
  name = 'UsersNameOrderIndex1795600000001';

  async up(q: QueryRunner): Promise<void> {
    const columnNames = ['last_name', 'first_name', 'username'];
    await q.createIndex('users', new TableIndex({ name: 'ix_users_name_order', columnNames }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('users', 'ix_users_name_order');
  }
}
