import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** The scheduler (issue 17): schedules and their runs, one run per (schedule, slot). */
export class Scheduler1795630000000 implements MigrationInterface {
  name = 'Scheduler1795630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'schedules',
        columns: [
          col.id(),
          col.str('owner', 120),
          col.str('kind', 32),
          col.str('description', 200),
          col.text('payload'),
          col.str('start_local', 16),
          col.str('time_zone', 64),
          col.int('every', 1),
          col.str('unit', 8),
          col.bool('paused', false),
          col.nbig('next_run_at'),
          col.nbig('last_run_at'),
          col.str('last_result', 32),
          col.str('last_message', 500),
          col.big('created_at'),
          col.big('updated_at'),
        ],
      }),
      true,
    );
    // The daemon's one question while idle: the earliest next run (paused schedules hold null).
    await q.createIndex('schedules', new TableIndex({ name: 'ix_schedules_next_run', columnNames: ['next_run_at'] }));
    await q.createIndex(
      'schedules',
      new TableIndex({ name: 'ix_schedules_kind_owner', columnNames: ['kind', 'owner'] }),
    );
    await q.createTable(
      new Table({
        name: 'schedule_runs',
        columns: [
          col.id(),
          { name: 'schedule_id', type: 'integer' },
          col.big('slot_at'),
          col.bool('manual', false),
          col.str('status', 8),
          col.str('claimed_by', 64),
          col.big('lease_until'),
          col.int('attempts', 1),
          col.big('started_at'),
          col.nbig('finished_at'),
          col.str('result', 32),
          col.str('message', 500),
        ],
        uniques: [{ name: 'uq_schedule_runs_slot', columnNames: ['schedule_id', 'slot_at'] }],
      }),
      true,
    );
    await q.createIndex(
      'schedule_runs',
      new TableIndex({ name: 'ix_schedule_runs_status_lease', columnNames: ['status', 'lease_until'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('schedule_runs');
    await q.dropTable('schedules');
  }
}
