import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * The role an LDAP/AD sign-in's groups grant, kept per web account (set at each LDAP sign-in, so a
 * removed group membership takes effect at the next one), and the source that opened each session
 * (an LDAP grant counts only in sessions the directory vouched for).
 */
export class WebAccountGrants1795600000000 implements MigrationInterface {
  name = 'WebAccountGrants1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('web_accounts', [
      new TableColumn(col.nstr('granted_role', 16)),
      new TableColumn({ name: 'granted_departments', type: 'text', isNullable: true }),
      new TableColumn(col.nbig('granted_at')),
    ]);
    await q.addColumn('web_sessions', new TableColumn(col.str('source', 16)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('web_sessions', 'source');
    await q.dropColumns('web_accounts', ['granted_at', 'granted_departments', 'granted_role']);
  }
}
