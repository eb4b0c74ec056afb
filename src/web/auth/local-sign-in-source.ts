import { hash, verify } from 'argon2';
import type { AdminAccountService } from '../../admin-accounts/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import type { SignInSource } from './sign-in-source.js';
import { webPasswordHashOptions, type WebAccountStore } from './web-account-store.js';

/**
 * Passwords kept by Tollgate. An admin account (`tollgate admin create`) signs
 * in with its own password and role, whether or not a directory user has the
 * same name (then it is that user, with that role). A directory user without
 * an admin account signs in as a user with the local password an
 * administrator or they themselves set. Unknown names and users without a
 * password cost one argon2 verification too.
 */
export function createLocalSignInSource(deps: {
  accounts: AdminAccountService;
  webAccounts: WebAccountStore;
  directory: Pick<DirectoryReadModel, 'userByUsername'>;
}): SignInSource {
  let dummyHash: Promise<string> | null = null;
  const burnTime = async (password: string) => {
    dummyHash ??= hash('not-a-real-password', webPasswordHashOptions);
    await verify(await dummyHash, password);
  };
  return {
    name: 'local',
    async verify(username, password) {
      const account = await deps.accounts.find(username);
      if (account) {
        const ok = await deps.accounts.verify(username, password);
        return ok ? { username: ok.username, role: ok.role, source: 'local' } : null;
      }
      const [user, web] = await Promise.all([deps.directory.userByUsername(username), deps.webAccounts.find(username)]);
      if (!user || !web?.passwordHash) {
        await burnTime(password);
        return null;
      }
      const right = await verify(web.passwordHash, password);
      return right ? { username: user.username, role: 'user', source: 'local' } : null;
    },
  };
}
