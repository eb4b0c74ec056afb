import { hostname } from 'node:os';
import type { AuditEntry } from '../audit/index.js';
import type { Tollgate } from '../compose.js';
import { cliActor } from './lock-command.js';

/** An audit entry for an action taken at this host's command line (role admin: whoever may run it may do anything). */
export function cliAuditEntry(
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
  actorName?: string,
): AuditEntry {
  return { actor: cliActor(actorName).actor, role: 'admin', via: 'cli', from: cliHost(), action, target, detail };
}

export function cliHost(): string {
  try {
    return hostname();
  } catch {
    return '';
  }
}

/** Records an action this command took. */
export function auditCli(
  t: Pick<Tollgate, 'audit'>,
  action: string,
  target: string,
  detail?: Record<string, unknown>,
  actorName?: string,
): Promise<void> {
  return t.audit.record(cliAuditEntry(action, target, detail, actorName));
}
