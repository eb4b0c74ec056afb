/**
 * The events modules publish to each other. This map is the contract: the
 * publisher owns the payload's meaning, listeners must not assume more.
 */
export interface DomainEvents {
  /** The directory (users, lines, devices, gateways…) changed: read models refresh. */
  'directory.changed': { source: string };
  /** A line's lock state changed by any path (phone, web, SOAP, CLI, budget). */
  'lock.changed': LockChangedEvent;
  /** A batch of rated calls was committed to the store (published after commit). */
  'calls.stored': CallsStoredEvent;
  /** Stored calls were re-rated: their costs changed (published after commit). */
  'calls.rerated': { from: Date; to: Date; count: number };
  /** A budget's exhausted/available state changed, or its members changed. */
  'budget.state-changed': BudgetStateChangedEvent;
  /** Tariff plans were (re)loaded. */
  'tariffs.reloaded': { plans: number };
  /** CURRI saw a line exceed the external-attempt burst limit (possible toll fraud); published once per burst. */
  'curri.attempt-burst': CurriAttemptBurstEvent;
  /** CURRI permitted a call to an emergency number (the security desk is told at once). */
  'curri.emergency-call': CurriEmergencyCallEvent;
}

export type LockKind = 'user' | 'admin' | 'budget';
export type ChangeChannel = 'phone' | 'web' | 'soap' | 'budget' | 'cli' | 'system';

export interface LockChangedEvent {
  lineId: number;
  extension: string;
  partition: string;
  /** Lock kinds holding after the change; the line is locked while any holds. */
  kinds: LockKind[];
  locked: boolean;
  actor: string;
  via: ChangeChannel;
  at: Date;
}

/** What budget and other listeners need of each stored call, so they never re-read the store. */
export interface StoredCallSummary {
  id: number;
  startedAt: Date;
  direction: CallDirection;
  answered: boolean;
  ownerLineId: number | null;
  ownerUserId: number | null;
  departmentId: number | null;
  costCentreId: number | null;
  destinationType: string | null;
  costMinor: number | null;
  currency: string | null;
}

export type CallDirection = 'outgoing' | 'incoming' | 'internal' | 'transit' | 'unknown';

export interface CallsStoredEvent {
  fileName: string;
  calls: StoredCallSummary[];
}

export interface BudgetStateChangedEvent {
  budgetId: number;
  exhausted: boolean;
  /** Lines whose calls this budget governs, as of this change. */
  lineIds: number[];
}

export interface CurriAttemptBurstEvent {
  lineId: number;
  /** External attempts within the window, this one included. */
  attempts: number;
  windowMinutes: number;
  callingNumber: string;
  calledNumber: string;
  at: Date;
}

export interface CurriEmergencyCallEvent {
  /** The calling line, when the directory knows it. */
  lineId: number | null;
  callingNumber: string;
  calledNumber: string;
  at: Date;
}
