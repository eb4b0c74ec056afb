import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * Failed sign-ins per account and per client address (issue 14): kept in the
 * database so that every daemon sharing it counts the same guesses and a
 * lockout survives a restart.
 */
export class SignInFailures1795493000000 implements MigrationInterface {
  name = 'SignInFailures1795493000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sign_in_failures',
        columns: [
          { name: 'scope', type: 'varchar', length: '8', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '255', isPrimary: true },
          col.int('failures', 0),
          col.big('window_started_at'),
          col.nbig('locked_until'),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_failures', true);
  }
}
