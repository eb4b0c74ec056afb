import { EntitySchema } from 'typeorm';
import { dateAsEpochMs } from '../epoch-transformer.js';

/** One CURRI (External Call Control) decision, recorded for reports and audits. */
export interface CurriDecisionRow {
  id: number;
  decidedAt: Date;
  /** The ECC profile context (/curri/<context>); '' for /curri. */
  context: string;
  callingNumber: string;
  calledNumber: string;
  transformedCallingNumber: string;
  transformedCalledNumber: string;
  callingDeviceName: string;
  triggerPoint: string;
  lineId: number | null;
  /** permit, deny, divert, indeterminate or notapplicable. */
  outcome: string;
  reason: string;
  /** Divert destination; '' otherwise. */
  destination: string;
  /** Time Tollgate took to answer, in microseconds. */
  latencyUs: number;
}

export const curriDecisionEntity = new EntitySchema<CurriDecisionRow>({
  name: 'CurriDecision',
  tableName: 'curri_decisions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    decidedAt: { name: 'decided_at', type: 'bigint', transformer: dateAsEpochMs },
    context: { type: 'varchar', length: 64, default: '' },
    callingNumber: { name: 'calling_number', type: 'varchar', length: 255, default: '' },
    calledNumber: { name: 'called_number', type: 'varchar', length: 255, default: '' },
    transformedCallingNumber: { name: 'transformed_calling_number', type: 'varchar', length: 255, default: '' },
    transformedCalledNumber: { name: 'transformed_called_number', type: 'varchar', length: 255, default: '' },
    callingDeviceName: { name: 'calling_device_name', type: 'varchar', length: 255, default: '' },
    triggerPoint: { name: 'trigger_point', type: 'varchar', length: 32, default: '' },
    lineId: { name: 'line_id', type: 'integer', nullable: true },
    outcome: { type: 'varchar', length: 16 },
    reason: { type: 'varchar', length: 32 },
    destination: { type: 'varchar', length: 64, default: '' },
    latencyUs: { name: 'latency_us', type: 'integer' },
  },
});
