/**
 * The layout of stored calls, without TypeORM: the `calls` row described once
 * (columns, the packed CUCM detail, the texts kept as codes of `call_texts`,
 * the reader SQL of each), and the hourly summaries and daily rollups the ingest
 * and the reports share. The store re-exports all of it; the CDR ingest's store
 * thread imports it from here so that it loads no ORM (issue 18, resident memory).
 */
export * from './call-columns.js';
export * from './call-summaries.js';
