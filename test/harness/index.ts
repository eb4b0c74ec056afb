export { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from './test-databases.js';
export { makeTempDir } from './temp-dir.js';
export { blankCallRow } from './blank-call-row.js';
export { createTollgateRunner } from './run-tollgate.js';
export { planAsIfTenMillionCalls } from './ten-million-call-stats.js';
export { holdSqliteWriteLock } from './hold-sqlite-write-lock.js';
export { readStoredCalls } from './read-stored-calls.js';
export { runtimeImportGraph } from './runtime-import-graph.js';
