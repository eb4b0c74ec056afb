import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

export class Directory1763900000000 implements MigrationInterface {
  name = 'Directory1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'departments',
        columns: [
          col.id(),
          { ...col.str('name', 120), isUnique: true },
          col.str('description', 255),
          col.nstr('manager_username', 120),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cost_centres',
        columns: [
          col.id(),
          { ...col.str('code', 60), isUnique: true },
          col.str('name', 120),
          col.nstr('manager_username', 120),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          col.id(),
          { ...col.str('username', 120), isUnique: true },
          col.str('first_name', 120),
          col.str('last_name', 120),
          col.str('email', 255),
          col.nstr('language', 5),
          col.str('role', 16, 'user'),
          col.nint('department_id'),
          col.nint('cost_centre_id'),
          col.nstr('manager_username', 120),
        ],
        indices: [{ columnNames: ['department_id'] }, { columnNames: ['cost_centre_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'lines',
        columns: [
          col.id(),
          col.str('extension', 50),
          col.str('partition', 50),
          col.nstr('site', 60),
          col.nint('user_id'),
          col.str('description', 255),
        ],
        uniques: [{ name: 'uq_lines_extension_partition', columnNames: ['extension', 'partition'] }],
        indices: [{ columnNames: ['user_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'devices',
        columns: [
          col.id(),
          { ...col.str('name', 129), isUnique: true },
          col.str('model', 60),
          col.nstr('ip_address', 45),
          col.str('description', 255),
          col.nint('user_id'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'device_lines',
        columns: [
          { name: 'device_id', type: 'integer', isPrimary: true },
          { name: 'line_id', type: 'integer', isPrimary: true },
          col.int('position', 1),
        ],
      }),
    );
    await q.createIndex('device_lines', new TableIndex({ columnNames: ['line_id'] }));
    await q.createTable(
      new Table({
        name: 'gateways',
        columns: [
          col.id(),
          { ...col.str('device_name', 129), isUnique: true },
          col.str('kind', 16, 'gateway'),
          col.nstr('carrier', 120),
          col.nstr('site', 60),
          col.bool('pstn', true),
          col.str('description', 255),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'admin_accounts',
        columns: [
          col.id(),
          { ...col.str('username', 120), isUnique: true },
          col.str('password_hash', 255),
          col.str('role', 16),
          col.text('departments'),
          col.big('created_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'admin_accounts',
      'gateways',
      'device_lines',
      'devices',
      'lines',
      'users',
      'cost_centres',
      'departments',
    ]) {
      await q.dropTable(table);
    }
  }
}
