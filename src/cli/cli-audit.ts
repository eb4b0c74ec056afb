import { hostname } from 'node:os';
import type { AuditActor, AuditEntry } from '../audit/index.js';
import type { Tollgate } from '../compose.js';
import { cliActor } from './lock-command.js';

/** An audit entry for an action taken at this host's command line (role admin: whoever may run it may do anything). */
export function cliAuditEntry(
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
  actorName?: string,
): AuditEntry {
  return { ...cliAuditActor(actorName), action, target, detail };
}

/** Who acts at this host's command line (the OS user, or the name given), for services that audit their own actions. */
export function cliAuditActor(actorName?: string): AuditActor {
  return { actor: cliActor(actorName).actor, role: 'admin', via: 'cli', from: cliHost() };
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
