import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

export class CurriDecisions1795464698959 implements MigrationInterface {
  name = 'CurriDecisions1795464698959';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'curri_decisions',
        columns: [
          col.id(),
          col.big('decided_at'),
          col.str('context', 64),
          col.str('calling_number', 255),
          col.str('called_number', 255),
          col.str('transformed_calling_number', 255),
          col.str('transformed_called_number', 255),
          col.str('calling_device_name', 255),
          col.str('trigger_point', 32),
          col.nint('line_id'),
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '32' },
          col.str('destination', 64),
          col.int('latency_us'),
        ],
        // Reports bound the period first; per-line audits ask for one line's recent decisions.
        indices: [
          { name: 'ix_curri_decisions_decided_at', columnNames: ['decided_at'] },
          { name: 'ix_curri_decisions_line_decided', columnNames: ['line_id', 'decided_at'] },
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('curri_decisions', true);
  }
}
