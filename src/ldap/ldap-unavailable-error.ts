import { AppError } from '../errors/index.js';

/** No configured directory server could be used (down, unreachable, TLS refused, service bind refused). */
export class LdapUnavailableError extends AppError {
  constructor(details: Record<string, unknown>) {
    super('The directory (LDAP) is unavailable', 'LDAP_UNAVAILABLE', 503, details);
  }
}
