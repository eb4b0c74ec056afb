import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

export class Calls1763900000001 implements MigrationInterface {
  name = 'Calls1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calls',
        columns: [
          col.id(),
          col.str('cluster_id', 64),
          col.big('global_call_manager_id'),
          col.big('global_call_id'),
          col.big('orig_leg_id'),
          col.big('dest_leg_id'),
          col.nint('file_id'),
          col.big('started_at'),
          col.nbig('connected_at'),
          col.big('ended_at'),
          col.int('duration_seconds'),
          { name: 'direction', type: 'varchar', length: '16' },
          col.bool('answered'),
          col.str('owner_extension', 50),
          col.str('owner_partition', 50),
          col.bool('owner_known', true),
          col.nint('owner_line_id'),
          col.nint('owner_user_id'),
          col.nint('department_id'),
          col.nint('cost_centre_id'),
          col.nstr('site', 60),
          col.str('calling_number', 64),
          col.str('calling_partition', 50),
          col.str('original_called_number', 64),
          col.str('original_called_partition', 50),
          col.str('final_called_number', 64),
          col.str('final_called_partition', 50),
          col.str('last_redirect_dn', 64),
          col.str('last_redirect_dn_partition', 50),
          col.str('outpulsed_calling_number', 64),
          col.str('outpulsed_called_number', 64),
          col.str('dialled_number', 64),
          col.str('orig_device', 129),
          col.str('dest_device', 129),
          col.nstr('gateway', 129),
          col.nstr('carrier', 120),
          col.int('orig_cause'),
          col.int('dest_cause'),
          col.int('orig_redirect_reason'),
          col.int('last_redirect_reason'),
          col.str('hunt_pilot_dn', 64),
          col.str('auth_code_description', 64),
          col.int('authorization_level'),
          col.str('client_matter_code', 64),
          col.str('orig_ip', 45),
          col.str('dest_ip', 45),
          col.nstr('destination_e164', 32),
          col.nstr('nation', 2),
          col.nstr('destination_type', 16),
          col.nstr('destination_name', 120),
          col.nint('cost_minor'),
          col.nstr('currency', 3),
          col.nstr('tariff_plan', 120),
          col.nstr('tariff_row', 120),
          col.nstr('unrated_reason', 120),
          col.real('mos'),
          col.nint('jitter_ms'),
          col.nint('packet_loss'),
          col.nint('latency_ms'),
          col.big('ingested_at'),
        ],
        uniques: [
          {
            name: 'uq_calls_natural_key',
            columnNames: ['cluster_id', 'global_call_manager_id', 'global_call_id', 'orig_leg_id', 'dest_leg_id'],
          },
        ],
        // Time leads every index: reports and budget sums always bound the period.
        indices: [
          { name: 'ix_calls_started_at', columnNames: ['started_at'] },
          { name: 'ix_calls_user_started', columnNames: ['owner_user_id', 'started_at'] },
          { name: 'ix_calls_line_started', columnNames: ['owner_line_id', 'started_at'] },
          { name: 'ix_calls_department_started', columnNames: ['department_id', 'started_at'] },
          { name: 'ix_calls_cost_centre_started', columnNames: ['cost_centre_id', 'started_at'] },
          { name: 'ix_calls_ingested_at', columnNames: ['ingested_at'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calls');
  }
}
