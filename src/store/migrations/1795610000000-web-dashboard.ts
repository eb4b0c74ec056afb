import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * The portal's Call Analytics pages: each person's dashboard layout (one row,
 * the widgets as JSON), the report runs Home lists as history, and the kind of
 * a web session (a gadget's session lives longer than the portal's).
 */
export class WebDashboard1795610000000 implements MigrationInterface {
  name = 'WebDashboard1795610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dashboard_layouts',
        columns: [
          { name: 'username', type: 'varchar', length: '120', isPrimary: true },
          col.text('layout'),
          col.big('updated_at'),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'report_runs',
        columns: [col.id(), col.str('username', 120), col.str('title', 200), col.str('href', 2000), col.big('ran_at')],
      }),
      true,
    );
    await q.createIndex(
      'report_runs',
      new TableIndex({ name: 'ix_report_runs_username_ran', columnNames: ['username', 'ran_at'] }),
    );
    await q.addColumn('web_sessions', new TableColumn(col.str('kind', 16, 'portal')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('web_sessions', 'kind');
    await q.dropIndex('report_runs', 'ix_report_runs_username_ran');
    await q.dropTable('report_runs');
    await q.dropTable('dashboard_layouts');
  }
}
