import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** The CDR collector's file ledger, rejected lines and CMR voice quality per call leg (issue 4). */
export class CdrCollector1795464368368 implements MigrationInterface {
  name = 'CdrCollector1795464368368';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'cdr_files',
        columns: [
          col.id(),
          col.str('source', 120),
          col.str('name', 255),
          col.big('size_bytes'),
          { ...col.str('checksum', 64), isUnique: true },
          col.str('kind', 8),
          col.str('cluster_id', 64),
          col.str('status', 16),
          col.int('records_total'),
          col.int('records_stored'),
          col.int('records_duplicate'),
          col.int('records_rejected'),
          col.int('records_skipped'),
          col.int('lines_committed'),
          col.str('reason', 500),
          col.big('received_at'),
          col.nbig('finished_at'),
        ],
        // SFTP "leave and remember" looks files up by source and name.
        indices: [{ name: 'ix_cdr_files_source_name', columnNames: ['source', 'name'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'cdr_rejects',
        columns: [
          col.id(),
          { name: 'file_id', type: 'integer' },
          { name: 'line_no', type: 'integer' },
          col.str('reason', 255),
          col.text('raw'),
          col.big('created_at'),
        ],
        // A resumed file may meet a rejected line again: it is kept once.
        uniques: [{ name: 'uq_cdr_rejects_file_line', columnNames: ['file_id', 'line_no'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'call_quality',
        columns: [
          col.id(),
          col.str('cluster_id', 64),
          col.big('global_call_manager_id'),
          col.big('global_call_id'),
          col.big('leg_id'),
          col.str('pkid', 64),
          col.big('recorded_at'),
          col.str('directory_number', 50),
          col.str('device_name', 129),
          col.int('packets_sent'),
          col.int('packets_received'),
          col.int('packets_lost'),
          col.int('jitter_ms'),
          col.int('latency_ms'),
          col.real('mos'),
          col.nint('file_id'),
        ],
        // SCCP hold/resume writes several CMRs per leg: the record time and pkid tell them apart.
        uniques: [
          {
            name: 'uq_call_quality_natural_key',
            columnNames: ['cluster_id', 'global_call_manager_id', 'global_call_id', 'leg_id', 'recorded_at', 'pkid'],
          },
        ],
        indices: [{ name: 'ix_call_quality_recorded_at', columnNames: ['recorded_at'] }],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['call_quality', 'cdr_rejects', 'cdr_files']) await q.dropTable(table, true);
  }
}
