/**
 * The directory: who is who (users, departments, cost centres), which lines
 * (extension + partition) and devices they have, and which CUCM devices are
 * PSTN gateways or trunks of which carrier.
 */
export {
  createDirectoryReadModel,
  type DirectoryReadModel,
  type DirectorySnapshot,
  type LineView,
  type UserView,
  type DeviceView,
} from './directory-read-model.js';
export {
  createDirectoryImportService,
  type DirectoryImportService,
  type DirectoryImportDeps,
  type FileImportSummary,
} from './directory-import-service.js';
export { directoryKinds, directoryColumns, kindFromFileName, type DirectoryKind } from './directory-csv-columns.js';
export { parseDirectoryCsv, type ParsedDirectoryFile, type RowProblem } from './parse-directory-csv.js';
export type {
  UserListFilter,
  UserListKey,
  UserListQuery,
  UserListPage,
  UserListEntry,
  UserListLine,
} from './list-users.js';
export { createCachedSnapshot } from './cached-snapshot.js';
