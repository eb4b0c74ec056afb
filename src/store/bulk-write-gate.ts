import type { DataSource } from 'typeorm';

const gates = new WeakMap<DataSource, () => Promise<void>>();

/** Makes `bulkWriteGate(dataSource)` wait on `gate` (createDataSource gives it the WAL checkpointer's). */
export function setBulkWriteGate(dataSource: DataSource, gate: () => Promise<void>): void {
  gates.set(dataSource, gate);
}

/**
 * For a bulk writer (a re-rating's pages, a purge's batches) between two chunks, with none of its transactions
 * open: resolves at once, unless its writes have grown the SQLite WAL past the bulk limit; then once the WAL
 * checkpointer has copied the WAL while the writer waited, so that its next chunk starts the WAL afresh. The
 * writer that grows the WAL pays for its checkpoint, and short transactions (a lock change) never wait for one
 * (docs/architecture.md, Store). At once on PostgreSQL and without a background checkpointer. Never fails.
 */
export function bulkWriteGate(dataSource: DataSource): Promise<void> {
  return gates.get(dataSource)?.() ?? Promise.resolve();
}
