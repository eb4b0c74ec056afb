import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The role of whoever set a lock (issue 14): a supervisor may lift an admin
 * lock a supervisor set, never one an administrator set. Locks set before this
 * column existed count as an administrator's.
 */
export class LineLockActorRole1795493000002 implements MigrationInterface {
  name = 'LineLockActorRole1795493000002';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'line_locks',
      new TableColumn({ name: 'actor_role', type: 'varchar', length: '16', default: "'admin'" }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('line_locks', 'actor_role');
  }
}
