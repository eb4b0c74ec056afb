import { EntitySchema } from 'typeorm';
import type { ChangeChannel, LockKind } from '../../events/index.js';
import { dateAsEpochMs } from '../epoch-transformer.js';

/** One lock holding on a line; the line is locked while any row for it exists. */
export interface LineLockRow {
  id: number;
  lineId: number;
  extension: string;
  partition: string;
  kind: LockKind;
  actor: string;
  /** The setter's role (user, supervisor, admin, system): who may lift it depends on it. */
  actorRole: string;
  via: ChangeChannel;
  reason: string;
  createdAt: Date;
}

export type LockHistoryAction = 'set' | 'clear' | 'pin-changed' | 'pin-reset' | 'pin-provisioned' | 'pin-locked-out';

/** The audit trail of a line: lock changes with the state before and after, and PIN events. */
export interface LockHistoryRow {
  id: number;
  lineId: number;
  extension: string;
  partition: string;
  at: Date;
  action: LockHistoryAction;
  /** The lock kind set or cleared; null for PIN events. */
  kind: LockKind | null;
  actor: string;
  via: ChangeChannel;
  /** Kinds holding before and after, comma-separated in a fixed order ('' = unlocked). */
  kindsBefore: string;
  kindsAfter: string;
  reason: string;
}

/** A line's PIN (argon2id hash) and its brute-force counter, kept across restarts. */
export interface LinePinRow {
  lineId: number;
  /** Null: the configured default PIN applies. */
  pinHash: string | null;
  /** True until the user chooses their own PIN. */
  isDefault: boolean;
  changedAt: Date | null;
  failedAttempts: number;
  lockedUntil: Date | null;
}

const epoch = { type: 'bigint' as const, transformer: dateAsEpochMs };

export const lineLockEntity = new EntitySchema<LineLockRow>({
  name: 'LineLock',
  tableName: 'line_locks',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    lineId: { name: 'line_id', type: 'integer' },
    extension: { type: 'varchar', length: 50 },
    partition: { type: 'varchar', length: 50, default: '' },
    kind: { type: 'varchar', length: 16 },
    actor: { type: 'varchar', length: 120 },
    actorRole: { name: 'actor_role', type: 'varchar', length: 16, default: 'admin' },
    via: { type: 'varchar', length: 16 },
    reason: { type: 'varchar', length: 255, default: '' },
    createdAt: { name: 'created_at', ...epoch },
  },
  uniques: [{ name: 'uq_line_locks_line_kind', columns: ['lineId', 'kind'] }],
});

export const lockHistoryEntity = new EntitySchema<LockHistoryRow>({
  name: 'LockHistory',
  tableName: 'lock_history',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    lineId: { name: 'line_id', type: 'integer' },
    extension: { type: 'varchar', length: 50 },
    partition: { type: 'varchar', length: 50, default: '' },
    at: epoch,
    action: { type: 'varchar', length: 20 },
    kind: { type: 'varchar', length: 16, nullable: true },
    actor: { type: 'varchar', length: 120 },
    via: { type: 'varchar', length: 16 },
    kindsBefore: { name: 'kinds_before', type: 'varchar', length: 40, default: '' },
    kindsAfter: { name: 'kinds_after', type: 'varchar', length: 40, default: '' },
    reason: { type: 'varchar', length: 255, default: '' },
  },
  indices: [{ name: 'ix_lock_history_line_at', columns: ['lineId', 'at'] }],
});

export const linePinEntity = new EntitySchema<LinePinRow>({
  name: 'LinePin',
  tableName: 'line_pins',
  columns: {
    lineId: { name: 'line_id', type: 'integer', primary: true },
    pinHash: { name: 'pin_hash', type: 'varchar', length: 255, nullable: true },
    isDefault: { name: 'is_default', type: 'boolean', default: true },
    changedAt: { name: 'changed_at', ...epoch, nullable: true },
    failedAttempts: { name: 'failed_attempts', type: 'integer', default: 0 },
    lockedUntil: { name: 'locked_until', ...epoch, nullable: true },
  },
});
