/**
 * The web portal: server-rendered pages (preact JSX to strings) with htmx as
 * progressive enhancement, sessions in the database, CSRF tokens, a strict
 * CSP. Pages call the same services as the CLI and SOAP with the session's
 * Viewer, which applies the scope.
 */
export { createWebPortal, type WebPortal, type WebPortalDeps, type WebPortalSettings } from './create-web-portal.js';
export { firstMatchingSource, type SignInIdentity, type SignInSource } from './auth/sign-in-source.js';
export { createLdapSignInSource } from './auth/ldap-sign-in-source.js';
export { createViewerResolver, type ViewerResolver } from './auth/viewer-resolver.js';
export { createWebAccountStore, type WebAccountStore } from './auth/web-account-store.js';
