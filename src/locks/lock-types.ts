import type { ChangeChannel, LockKind } from '../events/index.js';
import type { LockHistoryAction } from '../store/index.js';

/** A line by directory id, or by extension (and partition when the extension exists in several). */
export type LineRef = { lineId: number } | { extension: string; partition?: string };

export interface LineIdentity {
  id: number;
  extension: string;
  /** '' = CUCM's null partition. */
  partition: string;
}

/** The directory queries the lock service needs (the directory read model provides them). */
export interface LineLookup {
  lineById(id: number): Promise<LineIdentity | null>;
  linesByExtension(extension: string): Promise<LineIdentity[]>;
}

export interface HeldLock {
  kind: LockKind;
  actor: string;
  via: ChangeChannel;
  reason: string;
  since: Date;
}

export interface LineLockState {
  lineId: number;
  extension: string;
  partition: string;
  locked: boolean;
  /** In the fixed order user, admin, budget. */
  kinds: LockKind[];
  locks: HeldLock[];
}

export interface LockChangeResult {
  /** False when the lock already held (set) or did not hold (clear): nothing recorded or published. */
  changed: boolean;
  state: LineLockState;
}

export interface LockHistoryEntry {
  id: number;
  at: Date;
  action: LockHistoryAction;
  kind: LockKind | null;
  actor: string;
  via: ChangeChannel;
  kindsBefore: LockKind[];
  kindsAfter: LockKind[];
  reason: string;
}

export interface PinStatus {
  /** A PIN applies: one stored, or the configured default. */
  usable: boolean;
  /** The user has not chosen their own PIN yet and is asked to. */
  isDefault: boolean;
  /** Set while attempts are refused after too many wrong PINs. */
  lockedOutUntil: Date | null;
}

export type ProvisionOutcome = 'set' | 'unchanged' | 'kept-user-pin';
