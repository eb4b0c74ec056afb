import { EntitySchema } from 'typeorm';
import { dateAsEpochMs } from '../epoch-transformer.js';

/**
 * One CURRI (External Call Control) decision as stored: compact, since every answer is recorded. Its shared
 * texts are codes: `kindId` of curri_decision_kinds (context, trigger point, outcome, reason, divert
 * destination), `deviceId` of curri_decision_devices. The view curri_decision_log shows it with its texts.
 */
export interface CurriDecisionRow {
  id: number;
  decidedAt: Date;
  kindId: number;
  lineId: number | null;
  deviceId: number | null;
  /** Time Tollgate took to answer, in microseconds. */
  latencyUs: number;
  callingNumber: string;
  calledNumber: string;
  /** null when CUCM sent no transformed number. */
  transformedCallingNumber: string | null;
  transformedCalledNumber: string | null;
}

export const curriDecisionEntity = new EntitySchema<CurriDecisionRow>({
  name: 'CurriDecision',
  tableName: 'curri_decisions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    decidedAt: { name: 'decided_at', type: 'bigint', transformer: dateAsEpochMs },
    kindId: { name: 'kind_id', type: 'integer' },
    lineId: { name: 'line_id', type: 'integer', nullable: true },
    deviceId: { name: 'device_id', type: 'integer', nullable: true },
    latencyUs: { name: 'latency_us', type: 'integer' },
    callingNumber: { name: 'calling_number', type: 'varchar', length: 255, default: '' },
    calledNumber: { name: 'called_number', type: 'varchar', length: 255, default: '' },
    transformedCallingNumber: { name: 'transformed_calling_number', type: 'varchar', length: 255, nullable: true },
    transformedCalledNumber: { name: 'transformed_called_number', type: 'varchar', length: 255, nullable: true },
  },
});
