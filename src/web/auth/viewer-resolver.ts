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

/** What the resolver needs of a session: who, and which sign-in source opened it. */
export interface ViewerSession {
  username: string;
  source: string;
}

const grantedRoles: readonly string[] = ['admin', 'supervisor', 'user'] satisfies ViewerRole[];

/**
 * Builds the Viewer of a session on every request, so that a removed admin
 * account, a revoked LDAP grant or a changed department takes effect at once.
 * The role comes from the admin account when there is one; else, in a session
 * the LDAP source opened, from the grant its groups gave at the person's last
 * LDAP sign-in (a local password never inherits it); else user. Null when the
 * person no longer exists.
 */
/** Who a session is now (see createViewerResolver). */
export type ViewerResolver = (session: ViewerSession) => Promise<Viewer | null>;

export function createViewerResolver(deps: ViewerResolverDeps): ViewerResolver {
  return async ({ username, source }) => {
    const [account, user, web] = await Promise.all([
      deps.accounts.find(username),
      deps.directory.userByUsername(username),
      deps.webAccounts.find(username),
    ]);
    if (!account && !user) return null;
    const grant = source === 'ldap' && user && grantedRoles.includes(web?.grantedRole ?? '') ? web : null;
    const role: ViewerRole = account?.role ?? (grant?.grantedRole as ViewerRole | undefined) ?? 'user';
    const departments = account ? account.departments : (grant?.grantedDepartments ?? []);
    const site = user ? await deps.directory.siteOfUser(user.id) : null;
    const language = [web?.language, user?.language].find((l) => deps.isLanguage(l)) ?? deps.defaultLanguage;
    return {
      name: username,
      username,
      userId: user?.id ?? null,
      role,
      departments: role === 'supervisor' ? departments : [],
      language,
      timeZone: deps.timeZoneOf(site),
    };
  };
}
