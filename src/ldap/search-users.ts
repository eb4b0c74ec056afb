import type { LdapConfig } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { entryValues } from './entry-values.js';
import { ldapTlsOptions, openLdapConnection } from './open-ldap-connection.js';

export interface LdapUserEntry {
  dn: string;
  /** Each requested attribute's values (absent attributes are empty arrays). */
  attributes: Record<string, string[]>;
}

export interface SearchUsersOptions {
  /** Default `(objectClass=person)`. */
  filter?: string;
  attributes: string[];
  /** Entries per page (RFC 2696 paged results); default 500. */
  pageSize?: number;
}

/**
 * Every user under `searchBase`, page by page, on one service-bound connection (for a directory
 * sync). The connection is closed when the iteration ends, also when the caller stops early.
 */
export async function* searchUsers(
  settings: Omit<LdapConfig, 'enabled'>,
  options: SearchUsersOptions,
  log: Logger,
): AsyncGenerator<LdapUserEntry> {
  const client = await openLdapConnection(settings, ldapTlsOptions(settings), log);
  try {
    const pages = client.searchPaginated(settings.searchBase, {
      scope: 'sub',
      filter: options.filter ?? '(objectClass=person)',
      attributes: options.attributes,
      paged: { pageSize: options.pageSize ?? 500 },
    });
    for await (const page of pages) {
      for (const entry of page.searchEntries) {
        yield {
          dn: entry.dn,
          attributes: Object.fromEntries(options.attributes.map((a) => [a, entryValues(entry, a)])),
        };
      }
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
