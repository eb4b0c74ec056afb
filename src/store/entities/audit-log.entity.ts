import { EntitySchema } from 'typeorm';
import { dateAsEpochMs } from '../epoch-transformer.js';

/** Through which door an administrative action came. */
export type AuditChannel = 'cli' | 'soap' | 'web' | 'phone' | 'system';

/** One administrative or supervisor action: who, in which role, through which door, from where, what, on what. */
export interface AuditLogRow {
  id: number;
  at: Date;
  actor: string;
  role: string;
  via: AuditChannel;
  /** Client address (SOAP, web) or host name (CLI). */
  from: string;
  action: string;
  target: string;
  /** JSON object text. */
  detail: string;
}

export const auditLogEntity = new EntitySchema<AuditLogRow>({
  name: 'AuditLog',
  tableName: 'audit_log',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    at: { type: 'bigint', transformer: dateAsEpochMs },
    actor: { type: 'varchar', length: 120 },
    role: { type: 'varchar', length: 16 },
    via: { type: 'varchar', length: 8 },
    from: { name: 'from_address', type: 'varchar', length: 255, default: '' },
    action: { type: 'varchar', length: 40 },
    target: { type: 'varchar', length: 255, default: '' },
    detail: { type: 'text' },
  },
  indices: [
    { name: 'ix_audit_log_at', columns: ['at'] },
    { name: 'ix_audit_log_actor_at', columns: ['actor', 'at'] },
  ],
});
