import type { DirectoryReadModel } from '../../directory/index.js';
import type { LdapDirectory } from '../../ldap/index.js';
import type { Logger } from '../../logging/index.js';
import type { SignInSource } from './sign-in-source.js';

/**
 * Passwords kept by the LDAP/Active Directory server: the directory binds as
 * the user and their groups grant the role. The person must also be a user of
 * Tollgate's directory, matched by username (the `usernameAttribute` value);
 * someone who binds but is unknown to Tollgate has no lines, budgets or calls
 * here and gets no session. A directory that cannot be reached throws
 * `LdapUnavailableError` (503) rather than answering "wrong password".
 */
export function createLdapSignInSource(deps: {
  ldap: LdapDirectory;
  directory: Pick<DirectoryReadModel, 'userByUsername'>;
  log: Logger;
}): SignInSource {
  return {
    name: 'ldap',
    async verify(username, password) {
      const identity = await deps.ldap.authenticate(username, password);
      if (!identity) return null;
      const user = await deps.directory.userByUsername(identity.username);
      if (!user) {
        deps.log.warn({ account: identity.username }, 'LDAP sign-in refused: not a user of Tollgate\'s directory');
        return null;
      }
      return { username: user.username, role: identity.role };
    },
  };
}
