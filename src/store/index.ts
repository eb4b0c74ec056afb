/** The store: one TypeORM DataSource over SQLite (better-sqlite3) or PostgreSQL, entities and migrations. */
export { createDataSource, databaseKindOf, sqlitePathOf, type DataSourceSettings, type DatabaseKind } from './create-data-source.js';
export { entities } from './entity-registry.js';
export { migrations } from './migrations/index.js';
export { bigintAsNumber, dateAsEpochMs } from './epoch-transformer.js';
export { col } from './migrations/column-helpers.js';
export type { CallRow } from './entities/call.entity.js';
export { callEntity } from './entities/call.entity.js';
export * from './entities/cdr.entity.js';
export * from './entities/directory.entity.js';
export { adminAccountEntity, type AdminAccountRow, type AdminRole } from './entities/admin-account.entity.js';
export * from './entities/locks.entity.js';
export * from './entities/budgets.entity.js';
export * from './entities/outbox.entity.js';
export * from './entities/curri-decision.entity.js';
export { savedReportEntity, type SavedReportRow } from './entities/saved-report.entity.js';
export { signInFailureEntity, type SignInFailureRow, type SignInFailureScope } from './entities/sign-in-failure.entity.js';
export { webSessionEntity, webAccountEntity, type WebSessionRow, type WebAccountRow } from './entities/web.entity.js';
