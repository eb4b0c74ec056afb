import { callTextCodeSql, callTextSql } from '../src/call-layout/index.js';
import type { LedgerBatch, NewLedgerEntry } from './ingest-store.js';
import type { LegQualityRecord } from './parse-cmr-record.js';

/** SQL shared by the SQLite and PostgreSQL ingest stores; `p(n)` renders the n-th (1-based) placeholder. */
export type Placeholder = (n: number) => string;

export const sqlitePlaceholder: Placeholder = () => '?';
export const postgresPlaceholder: Placeholder = (n) => `$${n}`;

export const qualityInsertColumns = [
  'cluster_id',
  'global_call_manager_id',
  'global_call_id',
  'leg_id',
  'pkid',
  'recorded_at',
  'directory_number',
  'device_name',
  'packets_sent',
  'packets_received',
  'packets_lost',
  'jitter_ms',
  'latency_ms',
  'mos',
  'file_id',
] as const;

function valuesList(columns: number, rows: number, p: Placeholder): string {
  const out: string[] = [];
  let n = 1;
  for (let r = 0; r < rows; r++) {
    const one: string[] = [];
    for (let c = 0; c < columns; c++) one.push(p(n++));
    out.push(`(${one.join(',')})`);
  }
  return out.join(',');
}

export function insertQualitiesSql(rows: number, p: Placeholder): string {
  return (
    `INSERT INTO call_quality (${qualityInsertColumns.join(',')}) VALUES ` +
    `${valuesList(qualityInsertColumns.length, rows, p)} ON CONFLICT DO NOTHING`
  );
}

export function insertRejectSql(p: Placeholder): string {
  return (
    `INSERT INTO cdr_rejects (file_id, line_no, reason, raw, created_at) VALUES (${p(1)},` +
    `${p(2)},${p(3)},${p(4)},${p(5)}) ON CONFLICT DO NOTHING`
  );
}

/**
 * Ledger progress: counts add up batch by batch; the last batch also marks the
 * file stored, or quarantined with its reason (ledgerValues gives the values).
 */
export function updateLedgerSql(p: Placeholder): string {
  return (
    `UPDATE cdr_files SET records_total = records_total + ${p(1)}, records_stored = records_stored + ${p(2)}, ` +
    `records_duplicate = records_duplicate + ${p(3)}, records_rejected = records_rejected + ${p(4)}, ` +
    `records_skipped = records_skipped + ${p(5)}, lines_committed = ${p(6)}, ` +
    `status = COALESCE(${p(7)}, status), finished_at = COALESCE(${p(8)}, finished_at), reason = ` +
    `COALESCE(${p(9)}, reason) WHERE id = ${p(10)}`
  );
}

/** The values of updateLedgerSql for a batch and what its store did with it. */
export function ledgerValues(batch: LedgerBatch, stored: number, duplicate: number): unknown[] {
  const rejected = batch.rejects.length + batch.rejectsNotKept;
  const status = batch.finishedAt === null ? null : batch.quarantineReason ? 'quarantined' : 'stored';
  return [
    batch.calls.length + batch.qualities.length + rejected + batch.skipped,
    stored,
    duplicate,
    rejected,
    batch.skipped,
    batch.linesCommitted,
    status,
    batch.finishedAt,
    batch.quarantineReason ?? null,
    batch.fileId,
  ];
}

/**
 * Copies a call's voice quality from its legs' CMRs: the worst MOS, jitter and
 * latency of either leg, and the packets both ends lost.
 */
const qualityMatch =
  `q.cluster_id = ${callTextSql('clusterId', 'calls')} AND ` +
  'q.global_call_manager_id = calls.global_call_manager_id AND ' +
  'q.global_call_id = calls.global_call_id AND q.leg_id IN (calls.orig_leg_id, calls.dest_leg_id)';
export const qualitySet =
  `mos = (SELECT MIN(q.mos) FROM call_quality q WHERE ${qualityMatch}), ` +
  `jitter_ms = (SELECT MAX(q.jitter_ms) FROM call_quality q WHERE ${qualityMatch}), ` +
  `latency_ms = (SELECT MAX(q.latency_ms) FROM call_quality q WHERE ${qualityMatch}), ` +
  `packet_loss = (SELECT SUM(q.packets_lost) FROM call_quality q WHERE ${qualityMatch})`;

/** After calls are inserted: join CMRs that arrived before them (ids first..last). */
export function joinQualityToNewCallsSql(p: Placeholder): string {
  return (
    `UPDATE calls SET ${qualitySet} WHERE id BETWEEN ${p(1)} AND ${p(2)} AND EXISTS (SELECT 1 ` +
    `FROM call_quality q WHERE ${qualityMatch})`
  );
}

/** After a CMR is inserted: refresh the call(s) of its leg. */
export function joinQualityToLegSql(p: Placeholder): string {
  return (
    `UPDATE calls SET ${qualitySet} WHERE cluster_code = ${callTextCodeSql('cluster', p(1))} ` +
    `AND global_call_manager_id = ${p(2)} ` +
    `AND global_call_id = ${p(3)} ` +
    `AND (orig_leg_id = ${p(4)} OR dest_leg_id = ${p(5)})`
  );
}

/** Whether any CMR recorded since `p(1)` (epoch s) exists: skips the join when CMRs are not collected. */
export function recentQualitySql(p: Placeholder): string {
  return `SELECT 1 AS found FROM call_quality WHERE recorded_at >= ${p(1)} LIMIT 1`;
}

export const ledgerSelect =
  'SELECT id, source, name, size_bytes AS "sizeBytes", checksum, kind, cluster_id AS "clusterId", ' +
  'status, records_total AS "recordsTotal", ' +
  'records_stored AS "recordsStored", records_duplicate AS "recordsDuplicate", records_rejected AS ' +
  '"recordsRejected", ' +
  'records_skipped AS "recordsSkipped", lines_committed AS "linesCommitted", reason, received_at AS ' +
  '"receivedAt", finished_at AS "finishedAt" FROM cdr_files';

/**
 * A stored outgoing or transit call by its PSTN leg (the unique key's prefix
 * finds it). The number's form is not stored: it was the outpulsed number when
 * the call kept that (classify-call.ts takes it first), else a dialled one.
 */
export function outgoingLegSql(p: Placeholder): string {
  return (
    'SELECT dialled_number AS "dialledNumber", ' +
    "CASE WHEN dialled_number <> '' AND dialled_number = outpulsed_called_number " +
    `THEN 'outpulsed' ELSE 'dialled' END AS "numberForm", ` +
    `owner_extension AS "ownerExtension", ${callTextSql('ownerPartition', 'calls')} AS "ownerPartition" FROM calls ` +
    `WHERE cluster_code = ${callTextCodeSql('cluster', p(1))} AND global_call_manager_id = ${p(2)} ` +
    `AND global_call_id = ${p(3)} ` +
    `AND dest_leg_id = ${p(4)} ` +
    "AND direction IN ('outgoing', 'transit') LIMIT 1"
  );
}

/** A new ledger row, as INSERT INTO cdr_files (source … finished_at) values; texts cut to their columns. */
export function insertFileSql(p: Placeholder): string {
  return (
    `INSERT INTO cdr_files (source, name, size_bytes, checksum, kind, cluster_id, status, ` +
    `reason, received_at, finished_at) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(',')})`
  );
}

export function fileValues(e: NewLedgerEntry): unknown[] {
  return [
    e.source,
    e.name.slice(0, 255),
    e.sizeBytes,
    e.checksum,
    e.kind,
    e.clusterId.slice(0, 64),
    e.status,
    e.reason.slice(0, 500),
    e.receivedAt,
    e.finishedAt,
  ];
}

/** One CMR's values in `qualityInsertColumns` order. */
export function qualityValues(q: LegQualityRecord, fileId: number): unknown[] {
  return [
    q.clusterId,
    q.globalCallManagerId,
    q.globalCallId,
    q.legId,
    q.pkid,
    q.recordedAt,
    q.directoryNumber,
    q.deviceName,
    q.packetsSent,
    q.packetsReceived,
    q.packetsLost,
    q.jitterMs,
    q.latencyMs,
    q.mos,
    fileId,
  ];
}
