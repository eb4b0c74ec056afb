import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/**
 * processing: records are being stored (batches committed so far are counted;
 * a restart resumes after `linesCommitted`); stored: every record is stored or
 * rejected; quarantined: the file is not a CUCM file and none of it was stored.
 */
export type CdrFileStatus = 'processing' | 'stored' | 'quarantined';
export type CdrFileKind = 'cdr' | 'cmr' | 'unknown';

/** The CDR collector's file ledger: one row per distinct file content (by SHA-256). Instants are epoch ms. */
export interface CdrFileRow {
  id: number;
  /** 'drop-folder', 'sftp:<name>' or 'cli'. */
  source: string;
  name: string;
  sizeBytes: number;
  checksum: string;
  kind: CdrFileKind;
  clusterId: string;
  status: CdrFileStatus;
  recordsTotal: number;
  recordsStored: number;
  recordsDuplicate: number;
  recordsRejected: number;
  recordsSkipped: number;
  /** The last physical line whose record is committed; where a restart resumes. */
  linesCommitted: number;
  /** Why the file was quarantined, or notes on how it was read. */
  reason: string;
  receivedAt: number;
  finishedAt: number | null;
}

/** A line of a CDR/CMR file that could not be stored, kept verbatim for inspection. */
export interface CdrRejectRow {
  id: number;
  fileId: number;
  lineNo: number;
  reason: string;
  raw: string;
  createdAt: number;
}

/** Voice quality of one call leg from one CUCM CMR; joined to calls by cluster, global call id and leg. */
export interface CallQualityRow {
  id: number;
  clusterId: string;
  globalCallManagerId: number;
  globalCallId: number;
  legId: number;
  pkid: string;
  /** Epoch seconds (UTC), as CUCM writes dateTimeStamp; 0 when absent. */
  recordedAt: number;
  directoryNumber: string;
  deviceName: string;
  packetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  jitterMs: number;
  latencyMs: number;
  mos: number | null;
  fileId: number | null;
}

const big = (name: string) => ({ name, type: 'bigint' as const, transformer: bigintAsNumber });
const int = (name: string) => ({ name, type: 'integer' as const, default: 0 });

export const cdrFileEntity = new EntitySchema<CdrFileRow>({
  name: 'CdrFile',
  tableName: 'cdr_files',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    source: { type: 'varchar', length: 120 },
    name: { type: 'varchar', length: 255 },
    sizeBytes: big('size_bytes'),
    checksum: { type: 'varchar', length: 64, unique: true },
    kind: { type: 'varchar', length: 8 },
    clusterId: { name: 'cluster_id', type: 'varchar', length: 64, default: '' },
    status: { type: 'varchar', length: 16 },
    recordsTotal: int('records_total'),
    recordsStored: int('records_stored'),
    recordsDuplicate: int('records_duplicate'),
    recordsRejected: int('records_rejected'),
    recordsSkipped: int('records_skipped'),
    linesCommitted: int('lines_committed'),
    reason: { type: 'varchar', length: 500, default: '' },
    receivedAt: big('received_at'),
    finishedAt: { ...big('finished_at'), nullable: true },
  },
});

export const cdrRejectEntity = new EntitySchema<CdrRejectRow>({
  name: 'CdrReject',
  tableName: 'cdr_rejects',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    fileId: { name: 'file_id', type: 'integer' },
    lineNo: { name: 'line_no', type: 'integer' },
    reason: { type: 'varchar', length: 255 },
    raw: { type: 'text' },
    createdAt: big('created_at'),
  },
});

export const callQualityEntity = new EntitySchema<CallQualityRow>({
  name: 'CallQuality',
  tableName: 'call_quality',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clusterId: { name: 'cluster_id', type: 'varchar', length: 64, default: '' },
    globalCallManagerId: big('global_call_manager_id'),
    globalCallId: big('global_call_id'),
    legId: big('leg_id'),
    pkid: { type: 'varchar', length: 64, default: '' },
    recordedAt: big('recorded_at'),
    directoryNumber: { name: 'directory_number', type: 'varchar', length: 50, default: '' },
    deviceName: { name: 'device_name', type: 'varchar', length: 129, default: '' },
    packetsSent: int('packets_sent'),
    packetsReceived: int('packets_received'),
    packetsLost: int('packets_lost'),
    jitterMs: int('jitter_ms'),
    latencyMs: int('latency_ms'),
    mos: { type: 'real', nullable: true },
    fileId: { name: 'file_id', type: 'integer', nullable: true },
  },
});
