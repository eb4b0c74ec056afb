/**
 * LDAP / Active Directory: checking a password by binding as the user (servers tried in order,
 * ldaps:// or StartTLS with a CA file), the role their groups grant, and a paged user search.
 */
export {
  createLdapDirectory,
  type LdapDirectory,
  type LdapDirectorySettings,
  type LdapIdentity,
} from './ldap-directory.js';
export { LdapUnavailableError } from './ldap-unavailable-error.js';
export { mapGroupsToRole, normalizeDn, type LdapGrant, type LdapRole } from './map-groups-to-role.js';
export { fillFilterTemplate } from './fill-filter-template.js';
export { searchUsers, type LdapUserEntry, type SearchUsersOptions } from './search-users.js';
