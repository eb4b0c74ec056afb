import { InvalidCredentialsError, type Client, type Entry } from 'ldapts';
import type { LdapConfig } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { entryValues } from './entry-values.js';
import { fillFilterTemplate } from './fill-filter-template.js';
import { mapGroupsToRole, type LdapRole } from './map-groups-to-role.js';
import { ldapTlsOptions, openLdapConnection } from './open-ldap-connection.js';

/** A directory user whose password the directory accepted, with what their groups grant. */
export interface LdapIdentity {
  /** The value of `usernameAttribute`: what Tollgate's directory knows them by. */
  username: string;
  dn: string;
  groups: string[];
  role: LdapRole;
  departments: string[];
}

export interface LdapDirectory {
  /**
   * Checks a password by binding as the user found with `userFilter`. Null for an empty password
   * (refused before any bind: an empty simple bind is an unauthenticated bind that servers accept,
   * RFC 4513 §5.1.2), an unknown or ambiguous user, or a wrong password. Throws
   * `LdapUnavailableError` within about `timeoutMs` per server when no server can be used.
   */
  authenticate(username: string, password: string): Promise<LdapIdentity | null>;
}

export type LdapDirectorySettings = Omit<LdapConfig, 'enabled'>;

export function createLdapDirectory(settings: LdapDirectorySettings, log: Logger): LdapDirectory {
  const tls = ldapTlsOptions(settings);
  return {
    async authenticate(username, password) {
      if (password === '' || username === '') return null;
      const client = await openLdapConnection(settings, tls, log);
      try {
        const entry = await findUser(client, settings, username);
        if (!entry) {
          log.info({ username }, 'LDAP sign-in refused: no single directory user has that name');
          return null;
        }
        const groups = await groupsOf(client, settings, entry);
        try {
          await client.bind(entry.dn, password);
        } catch (err) {
          if (!(err instanceof InvalidCredentialsError)) throw err;
          log.info({ username }, 'LDAP sign-in refused: wrong password');
          return null;
        }
        const grant = mapGroupsToRole(groups, settings);
        return {
          username: entryValues(entry, settings.usernameAttribute)[0] ?? username,
          dn: entry.dn,
          groups,
          ...grant,
        };
      } finally {
        await client.unbind().catch(() => undefined);
      }
    },
  };
}

async function findUser(client: Client, settings: LdapDirectorySettings, username: string): Promise<Entry | null> {
  const { searchEntries } = await client.search(settings.searchBase, {
    scope: 'sub',
    filter: fillFilterTemplate(settings.userFilter, { username }),
    attributes: [settings.usernameAttribute, 'memberOf'],
    sizeLimit: 2,
  });
  return searchEntries.length === 1 ? searchEntries[0]! : null;
}

async function groupsOf(client: Client, settings: LdapDirectorySettings, user: Entry): Promise<string[]> {
  if (settings.groups.source === 'memberOf') return entryValues(user, 'memberOf');
  const { searchEntries } = await client.search(settings.groups.searchBase || settings.searchBase, {
    scope: 'sub',
    filter: fillFilterTemplate(settings.groups.searchFilter, { dn: user.dn }),
    attributes: ['1.1'],
  });
  return searchEntries.map((e) => e.dn);
}
