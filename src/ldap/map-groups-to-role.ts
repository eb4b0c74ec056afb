import type { LdapConfig } from '../config/index.js';

export type LdapRole = 'admin' | 'supervisor' | 'user';

export interface LdapGrant {
  role: LdapRole;
  /** The departments a supervisor sees (all their supervisor groups together); empty otherwise or if none named. */
  departments: string[];
}

/**
 * The role a user's groups grant: admin if in an admin group, else supervisor of the departments of
 * every supervisor group they are in, else user. DNs compare without case and spaces around
 * separators (`CN=Admins, DC=example` is `cn=admins,dc=example`), as directories treat them.
 */
export function mapGroupsToRole(
  groupDns: readonly string[],
  settings: Pick<LdapConfig, 'adminGroups' | 'supervisorGroups'>,
): LdapGrant {
  const member = new Set(groupDns.map(normalizeDn));
  if (settings.adminGroups.some((dn) => member.has(normalizeDn(dn)))) return { role: 'admin', departments: [] };
  const groups = settings.supervisorGroups.filter((g) => member.has(normalizeDn(g.group)));
  if (groups.length > 0) return { role: 'supervisor', departments: [...new Set(groups.flatMap((g) => g.departments))] };
  return { role: 'user', departments: [] };
}

/** A DN as directories compare it: without case and without spaces around separators. */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();
}
