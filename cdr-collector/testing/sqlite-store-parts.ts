// The SQLite ingest store's parts a benchmark drives on their own (bench/sqlite-store-cpu.bench.ts).
export { callInsertColumns, type CallRowValues } from '../call-row.js';
export { createPackedCallRowsWriter, unpackCallRows } from '../packed-call-rows.js';
export { createSqliteIngestStore, type SqliteHandle } from '../sqlite-ingest-store.js';
