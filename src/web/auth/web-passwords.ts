import type { AdminAccountService } from '../../admin-accounts/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import { BadInputError } from '../../errors/index.js';
import { assertMayActOnUser, assertRole, type Viewer } from '../../viewer/index.js';
import type { SignInSource } from './sign-in-source.js';
import { hashWebPassword, type WebAccountStore } from './web-account-store.js';

/** Local passwords: an admin account's own, else the directory user's web account. */
export interface WebPasswords {
  /** Administrators (anyone) and supervisors (users of their departments without an admin account). */
  setFor(viewer: Viewer, username: string, password: string): Promise<void>;
  /** The signed-in person, who proves the current password first. Resolves false when it is wrong. */
  changeOwn(viewer: Viewer, current: string, password: string): Promise<boolean>;
}

export function createWebPasswords(deps: {
  accounts: Pick<AdminAccountService, 'find' | 'setPassword'>;
  webAccounts: WebAccountStore;
  directory: Pick<DirectoryReadModel, 'userByUsername'>;
  local: SignInSource;
}): WebPasswords {
  async function store(username: string, password: string): Promise<void> {
    if (await deps.accounts.find(username)) await deps.accounts.setPassword(username, password);
    else await deps.webAccounts.setPasswordHash(username, await hashWebPassword(password));
  }
  return {
    async setFor(viewer, username, password) {
      assertRole(viewer, 'admin', 'supervisor');
      const user = await deps.directory.userByUsername(username);
      assertMayActOnUser(viewer, user, `user ${username}`);
      if (viewer.role !== 'admin' && (await deps.accounts.find(username))) assertRole(viewer, 'admin');
      await store(username, password);
    },
    async changeOwn(viewer, current, password) {
      if (password.length === 0) throw new BadInputError('a new password is required');
      if (!(await deps.local.verify(viewer.username, current))) return false;
      await store(viewer.username, password);
      return true;
    },
  };
}
