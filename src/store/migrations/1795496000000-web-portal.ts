import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** The web portal: sessions (hashed tokens, idle and absolute expiry), per-person web
 * accounts, and an index for reading the lines of a page of users. */
export class WebPortal1795496000000 implements MigrationInterface {
  name = 'WebPortal1795496000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'web_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          col.str('username', 120),
          col.str('role', 16),
          col.big('created_at'),
          col.big('last_seen_at'),
          col.big('expires_at'),
          col.str('csrf_secret', 64),
          col.str('address', 64),
          col.str('user_agent', 300),
        ],
      }),
      true,
    );
    await q.createIndex(
      'web_sessions',
      new TableIndex({ name: 'ix_web_sessions_username', columnNames: ['username'] }),
    );
    await q.createTable(
      new Table({
        name: 'web_accounts',
        columns: [
          col.id(),
          col.str('username', 120),
          col.nstr('password_hash', 255),
          col.nstr('language', 8),
          col.big('updated_at'),
        ],
        uniques: [{ name: 'uq_web_accounts_username', columnNames: ['username'] }],
      }),
      true,
    );
    // The Users page reads the lines of one page of users at a time.
    await q.createIndex('lines', new TableIndex({ name: 'ix_lines_user', columnNames: ['user_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('lines', 'ix_lines_user');
    await q.dropTable('web_accounts');
    await q.dropTable('web_sessions');
  }
}
