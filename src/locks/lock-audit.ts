import type { AuditChannel, AuditEntry } from '../audit/index.js';
import type { ChangeContext } from './lock-policy.js';
import type { LineIdentity } from './lock-types.js';

/** Administrators and supervisors are audited; users' own changes and the budget engine's are in the lock history. */
export function isAudited(context: ChangeContext): boolean {
  return context.role === 'admin' || context.role === 'supervisor';
}

export function auditEntryOf(
  line: LineIdentity,
  context: ChangeContext,
  action: string,
  detail: Record<string, unknown>,
): AuditEntry {
  const via: AuditChannel = context.via === 'budget' ? 'system' : context.via;
  return {
    actor: context.actor,
    role: context.role,
    via,
    from: context.from ?? '',
    action,
    target: line.partition ? `${line.extension} (${line.partition})` : line.extension,
    detail: { ...detail, ...(context.reason ? { reason: context.reason } : {}) },
  };
}
