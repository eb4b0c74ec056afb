import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * Alarms (issue 17): the alarm definitions with their owner's scope, the
 * history of every run.
 */
export class Alarms1795640000000 implements MigrationInterface {
  name = 'Alarms1795640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'alarms',
        columns: [
          col.id(),
          col.str('kind', 32),
          col.str('description', 200),
          col.bool('active', true),
          col.str('owner', 120),
          col.text('owner_scope'),
          col.text('settings'),
          col.text('recurrence'),
          col.text('recipients'),
          col.str('webhook_url', 500),
          col.str('webhook_secret', 200),
          col.bool('send_when_empty', false),
          col.nint('schedule_id'),
          col.nbig('last_run_at'),
          col.str('last_message', 500),
          col.nbig('evaluated_until'),
          col.big('created_at'),
          col.big('updated_at'),
        ],
        indices: [{ name: 'ix_alarms_kind_active', columnNames: ['kind', 'active'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'alarm_history',
        columns: [
          col.id(),
          col.int('alarm_id'),
          col.str('kind', 32),
          col.str('description', 200),
          col.big('ran_at'),
          col.big('period_from'),
          col.big('period_to'),
          col.str('trigger', 16),
          col.str('outcome', 16),
          col.int('findings'),
          col.str('message', 500),
          col.int('mails'),
          col.str('webhook', 120),
          col.text('detail'),
        ],
        indices: [
          { name: 'ix_alarm_history_alarm_ran', columnNames: ['alarm_id', 'ran_at'] },
          { name: 'ix_alarm_history_ran', columnNames: ['ran_at'] },
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('alarm_history', true);
    await q.dropTable('alarms', true);
  }
}
