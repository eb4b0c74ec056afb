import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import type { LdapConfig } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { LdapUnavailableError } from './ldap-unavailable-error.js';

export type LdapConnectionSettings = Pick<
  LdapConfig,
  'urls' | 'startTls' | 'caFile' | 'bindDn' | 'bindPassword' | 'timeoutMs'
>;

/** Certificates are always verified; the CA file, when given, replaces the system's CAs. */
export function ldapTlsOptions(settings: Pick<LdapConfig, 'caFile'>): ConnectionOptions {
  return settings.caFile
    ? { ca: readFileSync(settings.caFile), rejectUnauthorized: true }
    : { rejectUnauthorized: true };
}

/**
 * A client bound as the service account on the first server that answers, in the order of
 * `urls` (failover). A server that cannot be reached, times out or fails TLS is skipped with a
 * warning; one that answers the service bind with a refusal stops the search (the settings are
 * wrong, not the server: the next would refuse too). Without a bind DN the bind is anonymous
 * (RFC 4513 §5.1.1), which still proves the server answers.
 */
export async function openLdapConnection(
  settings: LdapConnectionSettings,
  tls: ConnectionOptions,
  log: Logger,
): Promise<Client> {
  const failures: Array<{ url: string; reason: string }> = [];
  for (const url of settings.urls) {
    // The host name the certificate must carry (Node checks an IP address against its IP SANs).
    const serverTls = { ...tls, host: new URL(url).hostname };
    const secure = url.startsWith('ldaps://');
    const client = new Client({
      url,
      timeout: settings.timeoutMs,
      connectTimeout: settings.timeoutMs,
      // ldapts speaks TLS from the first byte whenever tlsOptions is set, ldap:// included.
      ...(secure ? { tlsOptions: serverTls } : {}),
      strictDN: false,
    });
    try {
      if (settings.startTls && !secure) await client.startTLS(serverTls);
      await client.bind(settings.bindDn, settings.bindPassword);
      return client;
    } catch (err) {
      await client.unbind().catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof ResultCodeError) {
        log.error(
          { url, bindDn: settings.bindDn, reason },
          'LDAP service bind refused: check ldap.bindDn and ldap.bindPassword',
        );
        throw new LdapUnavailableError({ url, reason });
      }
      log.warn({ url, reason }, 'LDAP server unusable, trying the next one');
      failures.push({ url, reason });
    }
  }
  log.warn({ failures }, 'No LDAP server answered: directory sign-in is unavailable');
  throw new LdapUnavailableError({ failures });
}
