import type { ChangeChannel, LockKind } from '../events/index.js';
import { LockForbiddenError } from './lock-errors.js';

/**
 * Who acts: the line's user, a supervisor of its department, an administrator, or Tollgate itself (the budget
 * engine).
 */
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
  user: ['user', 'admin'],
  admin: ['supervisor', 'admin'],
  budget: ['admin', 'system'],
};

const roleWords: Record<ActorRole, string> = {
  user: 'a user',
  supervisor: 'a supervisor',
  admin: 'an administrator',
  system: 'the system',
};

/**
 * Users set and clear their own lock. Administrators touch every kind.
 * Supervisors (the guide's superusers, limited to their departments by the
 * edge) set the admin lock ("ADMIN LOCK") and lift one a supervisor set, but
 * never one an administrator set (`holderRole`, the role of who set the lock
 * being cleared, when known). Budget locks belong to the budget engine and administrators.
 */
export function assertMayChangeLock(
  kind: LockKind,
  context: Pick<ChangeContext, 'role'>,
  change: 'set' | 'clear',
  holderRole?: string,
): void {
  const article = kind === 'admin' ? 'an' : 'a';
  if (!allowed[kind].includes(context.role)) {
    throw new LockForbiddenError(kind, `${roleWords[context.role]} may not ${change} ${article} ${kind} lock`);
  }
  if (change === 'clear' && context.role === 'supervisor' && holderRole !== undefined && holderRole !== 'supervisor') {
    throw new LockForbiddenError(kind, `a supervisor may not lift ${article} ${kind} lock an administrator set`);
  }
}
