import type { ChangeChannel, LockKind } from '../events/index.js';
import { LockForbiddenError } from './lock-errors.js';

/** Who acts: the line's user, a supervisor of its department, an administrator, or Tollgate itself (the budget engine). */
export type ActorRole = 'user' | 'supervisor' | 'admin' | 'system';

export interface ChangeContext {
  /** Username, device name or component that acts; recorded in the history. */
  actor: string;
  via: ChangeChannel;
  role: ActorRole;
  reason?: string;
  /** Client address (SOAP, web) or host name (CLI), for the audit log. */
  from?: string;
}

/** Fixed order so that stored and published kind lists compare equal. */
export const lockKinds: readonly LockKind[] = ['user', 'admin', 'budget'];

export function sortKinds(kinds: Iterable<LockKind>): LockKind[] {
  const set = new Set(kinds);
  return lockKinds.filter((k) => set.has(k));
}

const allowed: Record<LockKind, readonly ActorRole[]> = {
  user: ['user', 'supervisor', 'admin'],
  admin: ['supervisor', 'admin'],
  budget: ['supervisor', 'admin', 'system'],
};

/**
 * Users set and clear their own lock; only administrators and supervisors
 * (who acted as administrators until now) touch admin locks; budget locks
 * belong to the budget engine and administrators.
 */
export function assertMayChangeLock(kind: LockKind, context: Pick<ChangeContext, 'role'>, change: 'set' | 'clear'): void {
  if (allowed[kind].includes(context.role)) return;
  const who = context.role === 'user' ? 'a user' : 'the system';
  throw new LockForbiddenError(kind, `${who} may not ${change} a${kind === 'admin' ? 'n' : ''} ${kind} lock`);
}
