/**
 * Directory sync (issue 20): users from LDAP/Active Directory, and end users, lines, phones and
 * gateways from CUCM's AXL API, planned against the stored directory (a dry run shows the plan),
 * then written page by page. Rows a source drops are marked gone, never deleted.
 */
export {
  createDirectorySyncService,
  type DirectorySyncService,
  type DirectorySyncDeps,
  type SyncResult,
  type LastSync,
  type SyncActor,
} from './directory-sync-service.js';
export { createDirectorySyncSchedule } from './directory-sync-schedule.js';
export { planDirectorySync, type CurrentDirectory, type CurrentRow } from './plan-directory-sync.js';
export {
  planCounts,
  planIsEmpty,
  syncedKinds,
  type SyncPlan,
  type KindPlan,
  type SyncedKind,
  type FieldChange,
} from './sync-plan.js';
export type {
  SourceData,
  SourcePerson,
  SourceLine,
  SourceDevice,
  SourceGateway,
  DirectorySyncSource,
  SyncPrecedence,
} from './sync-model.js';
export { mapLdapEntries, cleanExtension } from './ldap-source.js';
export { mapAxlRows, createAxlRowMapper } from './map-axl-rows.js';
export { createAxlClient, type AxlClient, type AxlClientSettings } from './axl-client.js';
export { AxlUnavailableError, AxlFaultError } from './axl-errors.js';
