import type { NewLedgerEntry } from '../ingest-store.js';

/** A CDR file of cluster StandAloneCluster being processed, as the store tests open it: only name and checksum vary. */
export function processingFileEntry(name: string, checksum: string): NewLedgerEntry {
  return {
    source: 'test',
    name,
    sizeBytes: 1,
    checksum,
    kind: 'cdr',
    clusterId: 'StandAloneCluster',
    status: 'processing',
    reason: '',
    receivedAt: 0,
    finishedAt: null,
  };
}

/** A batch of calls only (no CMRs, no rejects, not the file's last), whatever form its calls take. */
export function callsOnlyBatch<C>(fileId: number, calls: C, linesCommitted: number, now = 0) {
  return {
    fileId,
    calls,
    qualities: [],
    rejects: [],
    rejectsNotKept: 0,
    skipped: 0,
    linesCommitted,
    finishedAt: null,
    now,
  };
}
