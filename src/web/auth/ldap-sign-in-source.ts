import type { DirectoryReadModel, UserView } from '../../directory/index.js';
import type { LdapDirectory, LdapIdentity } from '../../ldap/index.js';
import type { Logger } from '../../logging/index.js';
import type { SignInGrant, SignInSource } from './sign-in-source.js';

type DirectoryLookups = Pick<DirectoryReadModel, 'userByUsername' | 'departmentsManagedBy'>;

/**
 * Passwords kept by the LDAP/Active Directory server: the directory binds as
 * the user and their groups grant the role, kept per person at every LDAP
 * sign-in (so leaving a group takes effect at the next one). The person must
 * also be a user of Tollgate's directory, matched by username (the
 * `usernameAttribute` value); someone who binds but is unknown to Tollgate has
 * no lines, budgets or calls here and gets no session. A directory that cannot
 * be reached throws `LdapUnavailableError` (503) rather than answering "wrong password".
 */
export function createLdapSignInSource(deps: {
  ldap: LdapDirectory;
  directory: DirectoryLookups;
  log: Logger;
}): SignInSource {
  return {
    name: 'ldap',
    async verify(username, password) {
      const identity = await deps.ldap.authenticate(username, password);
      if (!identity) return null;
      const user = await deps.directory.userByUsername(identity.username);
      if (!user) {
        deps.log.warn({ account: identity.username }, "LDAP sign-in refused: not a user of Tollgate's directory");
        return null;
      }
      const grant = await grantOf(identity, user, deps.directory);
      return { username: user.username, role: grant.role, source: 'ldap', grant };
    },
  };
}

/**
 * A supervisor group that names no departments grants the departments Tollgate's directory says the
 * person manages, else their own department; a supervisor with neither sees only themselves.
 */
async function grantOf(identity: LdapIdentity, user: UserView, directory: DirectoryLookups): Promise<SignInGrant> {
  const { role, departments } = identity;
  if (role !== 'supervisor' || departments.length > 0) return { role, departments };
  const managed = await directory.departmentsManagedBy(user.username);
  if (managed.length > 0) return { role: 'supervisor', departments: managed };
  return { role: 'supervisor', departments: user.departmentName ? [user.departmentName] : [] };
}
