/** The store: one TypeORM DataSource over SQLite (better-sqlite3) or PostgreSQL, entities and migrations. */
export {
  createDataSource,
  databaseKindOf,
  sqliteFileOf,
  sqlitePathOf,
  type DataSourceSettings,
  type DatabaseKind,
} from './create-data-source.js';
export { entities } from './entity-registry.js';
export { migrations } from './migrations/index.js';
export { bigintAsNumber, dateAsEpochMs } from './epoch-transformer.js';
export { col } from './migrations/column-helpers.js';
export type { CallRow, CodedCallField, PackedCallField, StoredCallRow } from './entities/call.entity.js';
export { callEntity, codeProperty, toStoredCallRow } from './entities/call.entity.js';
export { callTextCodes, toStoredCallRows } from './call-texts.js';
/** The calls row, its detail and codes, the summaries and rollups (src/call-layout). */
export * from '../call-layout/index.js';
export * from './entities/cdr.entity.js';
export * from './entities/directory.entity.js';
export { adminAccountEntity, type AdminAccountRow, type AdminRole } from './entities/admin-account.entity.js';
export * from './entities/locks.entity.js';
export * from './entities/budgets.entity.js';
export * from './entities/outbox.entity.js';
export * from './entities/curri-decision.entity.js';
export { savedReportEntity, type SavedReportRow } from './entities/saved-report.entity.js';
export { NestedTransactionError, runAlone } from './serialise-transactions.js';
/** Bulk writers call it between chunks: they, not short transactions, wait for the WAL checkpoint they cause. */
export { bulkWriteGate } from './bulk-write-gate.js';
export { changeFeedEntity, type ChangeFeedRow, type ChangeTopic } from './entities/change-feed.entity.js';
export {
  signInFailureEntity,
  type SignInFailureRow,
  type SignInFailureScope,
} from './entities/sign-in-failure.entity.js';
export { auditLogEntity, type AuditChannel, type AuditLogRow } from './entities/audit-log.entity.js';
export { webSessionEntity, webAccountEntity, type WebSessionRow, type WebAccountRow } from './entities/web.entity.js';
export {
  clusterLeaseEntity,
  clusterDaemonEntity,
  type ClusterLeaseRow,
  type ClusterDaemonRow,
} from './entities/cluster.entity.js';
export * from './entities/schedule.entity.js';
export { outboxAttachmentEntity, type OutboxAttachmentRow } from './entities/outbox-attachment.entity.js';
export {
  dashboardLayoutEntity,
  reportRunEntity,
  type DashboardLayoutRow,
  type ReportRunRow,
} from './entities/web.entity.js';
export { alarmEntity, alarmHistoryEntity, type AlarmRow, type AlarmHistoryRow } from './entities/alarm.entity.js';
