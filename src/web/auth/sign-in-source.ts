import type { ViewerRole } from '../../viewer/index.js';

/** What a directory's groups grant a person: a role, and the departments a supervisor sees. */
export interface SignInGrant {
  role: ViewerRole;
  departments: string[];
}

/**
 * Who a source vouches for: the sign-in name, the role it grants and the source's name. `grant` is
 * set by a source whose answer should be kept per person (LDAP: the groups' role, kept until the next
 * LDAP sign-in); the viewer honours it in the sessions that source opened.
 */
export interface SignInIdentity {
  username: string;
  role: ViewerRole;
  source: string;
  grant?: SignInGrant;
}

/**
 * Somewhere passwords are checked: `local` (argon2id hashes in our database)
 * today; an `ldap` source (bind as the user) plugs in beside it. A source
 * answers null for a wrong password and for an unknown user alike, and takes
 * as long for either, so that sign-in never tells which usernames exist.
 */
export interface SignInSource {
  readonly name: string;
  verify(username: string, password: string): Promise<SignInIdentity | null>;
}

/** Asks each source in turn; the first that vouches wins. */
export function firstMatchingSource(sources: SignInSource[]): SignInSource {
  return {
    name: sources.map((s) => s.name).join('+'),
    async verify(username, password) {
      for (const source of sources) {
        const identity = await source.verify(username, password);
        if (identity) return identity;
      }
      return null;
    },
  };
}
