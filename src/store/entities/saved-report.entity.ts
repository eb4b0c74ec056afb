import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/**
 * A named set of report options (user guide §2.3, "Save Report"): public when
 * `owner` is empty, else visible to its owner only. `options` holds the report
 * options as validated by the reports module; instants are epoch seconds.
 */
export interface SavedReportRow {
  id: number;
  name: string;
  description: string;
  category: string;
  owner: string;
  options: Record<string, unknown>;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export const savedReportEntity = new EntitySchema<SavedReportRow>({
  name: 'SavedReport',
  tableName: 'saved_reports',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 120 },
    description: { type: 'varchar', length: 500, default: '' },
    category: { type: 'varchar', length: 120, default: '' },
    owner: { type: 'varchar', length: 120, default: '' },
    options: { type: 'simple-json' },
    createdBy: { name: 'created_by', type: 'varchar', length: 120, default: '' },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintAsNumber },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: bigintAsNumber },
  },
  uniques: [{ name: 'uq_saved_reports_owner_name', columns: ['owner', 'name'] }],
});
