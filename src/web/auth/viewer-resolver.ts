import type { AdminAccountService } from '../../admin-accounts/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import type { Viewer, ViewerRole } from '../../viewer/index.js';
import type { WebAccountStore } from './web-account-store.js';

export interface ViewerResolverDeps {
  accounts: Pick<AdminAccountService, 'find'>;
  webAccounts: Pick<WebAccountStore, 'find'>;
  directory: Pick<DirectoryReadModel, 'userByUsername' | 'siteOfUser'>;
  defaultLanguage: string;
  /** The time zone of a line's site (the general one when the site has none). */
  timeZoneOf(site: string | null): string;
  isLanguage(value: string | null | undefined): boolean;
}

/**
 * Builds the Viewer of a session on every request, so that a removed admin
 * account or a changed department takes effect at once. The role comes from
 * the admin account when there is one (an account that disappeared leaves a
 * directory user as a plain user); null when the person no longer exists.
 */
export function createViewerResolver(deps: ViewerResolverDeps): (username: string) => Promise<Viewer | null> {
  return async (username) => {
    const [account, user, web] = await Promise.all([
      deps.accounts.find(username),
      deps.directory.userByUsername(username),
      deps.webAccounts.find(username),
    ]);
    if (!account && !user) return null;
    const role: ViewerRole = account?.role ?? 'user';
    const site = user ? await deps.directory.siteOfUser(user.id) : null;
    const language = [web?.language, user?.language].find((l) => deps.isLanguage(l)) ?? deps.defaultLanguage;
    return {
      name: username,
      username,
      userId: user?.id ?? null,
      role,
      departments: role === 'supervisor' ? (account?.departments ?? []) : [],
      language,
      timeZone: deps.timeZoneOf(site),
    };
  };
}
