import type { DirectorySyncConfig, LdapConfig } from '../config/index.js';
import { isLanguage } from '../i18n/index.js';
import { normalizeDn, searchUsers, type LdapUserEntry } from '../ldap/index.js';
import type { Logger } from '../logging/index.js';
import type { SourceData, SourcePerson } from './sync-model.js';

export interface LdapSourceSettings {
  ldap: Omit<LdapConfig, 'enabled'>;
  sync: DirectorySyncConfig['ldap'];
}

/** Reads every user under the sync's search base, page by page, on one service-bound connection. */
export async function readLdapSource(settings: LdapSourceSettings, log: Logger): Promise<SourceData> {
  const entries: LdapUserEntry[] = [];
  const names = attributeNames(settings);
  const connection = { ...settings.ldap, searchBase: settings.sync.searchBase || settings.ldap.searchBase };
  const wanted = [
    ...new Set(
      Object.values(names)
        .flat()
        .filter((a) => a !== ''),
    ),
  ];
  for await (const entry of searchUsers(
    connection,
    { filter: settings.sync.filter, attributes: wanted, pageSize: settings.sync.pageSize },
    log,
  )) {
    entries.push(entry);
  }
  return mapLdapEntries(entries, settings);
}

function attributeNames(settings: LdapSourceSettings) {
  const a = settings.sync.attributes;
  return { ...a, username: a.username || settings.ldap.usernameAttribute };
}

/**
 * LDAP entries as people and lines (pure): attribute mapping, manager DN → username, language and extension
 * cleaned.
 */
export function mapLdapEntries(entries: LdapUserEntry[], settings: LdapSourceSettings): SourceData {
  const names = attributeNames(settings);
  const first = (entry: LdapUserEntry, attribute: string) =>
    attribute === '' ? undefined : (entry.attributes[attribute]?.[0]?.trim() ?? null);
  const usernameByDn = new Map<string, string>();
  for (const entry of entries) {
    const username = first(entry, names.username);
    if (username) usernameByDn.set(normalizeDn(entry.dn), username);
  }
  const people: SourcePerson[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const username = first(entry, names.username);
    if (!username || seen.has(username)) continue;
    seen.add(username);
    const managerDn = first(entry, names.manager);
    const extensionValue = names.extension.map((a) => first(entry, a)).find((x) => x) ?? null;
    people.push({
      username,
      firstName: first(entry, names.firstName),
      lastName: first(entry, names.lastName),
      email: first(entry, names.email),
      language: mapLanguage(first(entry, names.language)),
      department: first(entry, names.department),
      costCentre: first(entry, names.costCentre),
      manager:
        managerDn === undefined
          ? undefined
          : managerDn === null
            ? null
            : (usernameByDn.get(normalizeDn(managerDn)) ?? null),
      extension: cleanExtension(extensionValue, settings.sync.extensionDigits),
    });
  }
  const lines = people
    .filter((p) => p.extension)
    .map((p) => ({ extension: p.extension!, partition: settings.sync.linePartition, owner: p.username }));
  return { source: 'ldap', people, lines, devices: null, gateways: null };
}

/** `de`, `de-CH`, `DE_ch` → `de` when Tollgate speaks it; otherwise null. */
function mapLanguage(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const code = value.toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(code) ? code : null;
}

/** Spaces, dashes, dots, slashes and brackets removed; the last N digits when asked; null when not a number. */
export function cleanExtension(value: string | null, lastDigits: number): string | null {
  if (!value) return null;
  let digits = value.replace(/[\s\-./()]/g, '');
  if (!/^\+?[0-9*#]{1,50}$/.test(digits)) return null;
  if (lastDigits > 0) digits = digits.replace(/^\+/, '').slice(-lastDigits);
  return digits;
}
