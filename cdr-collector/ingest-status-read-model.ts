import type { DataSource } from 'typeorm';

/** How CDR ingest is doing, from the ledger (what /healthz, SOAP and the web show). */
export interface CdrIngestStatus {
  /** When the newest stored calls were: the end of the last file that stored calls. */
  lastCallIngestedAt: Date | null;
  files: { processing: number; stored: number; quarantined: number };
  recordsRejected: number;
  recent: Array<{
    source: string;
    name: string;
    status: string;
    receivedAt: Date;
    finishedAt: Date | null;
    records: number;
    stored: number;
    duplicates: number;
    rejected: number;
    reason: string;
  }>;
}

export interface IngestStatusReadModel {
  status(options: { recentFiles: number }): Promise<CdrIngestStatus>;
  /** When the last file that carried call records finished storing (the ledger only: cheap at any store size). */
  lastRecordsAcquiredAt(): Promise<Date | null>;
  /** When the last file that stored calls finished: the newest calls' ingest time (/healthz, `status`). */
  lastCallIngestedAt(): Promise<Date | null>;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Reads the ledger (cdr_files) and the newest stored call; cheap indexed queries on the daemon's connection. */
export function createIngestStatusReadModel(deps: { dataSource: DataSource }): IngestStatusReadModel {
  const ds = deps.dataSource;
  const limit = (n: number) => Math.max(0, Math.min(500, Math.floor(n)));
  // Newest file first, by id: one short walk back past the CMR and empty files, at any ledger size. Any status:
  // a file quarantined partway keeps the calls it stored.
  const lastCallIngestedAt = async (): Promise<Date | null> => {
    const [row] = (await ds.query(
      'SELECT finished_at AS last FROM cdr_files WHERE records_stored > 0 AND finished_at IS NOT NULL ' +
        'ORDER BY id DESC LIMIT 1',
    )) as Row[];
    return row?.last === null || row?.last === undefined ? null : new Date(num(row.last));
  };
  return {
    lastCallIngestedAt,
    async lastRecordsAcquiredAt() {
      const [row] = (await ds.query(
        "SELECT MAX(finished_at) AS last FROM cdr_files WHERE status = 'stored' AND records_total > 0",
      )) as Row[];
      return row?.last === null || row?.last === undefined ? null : new Date(num(row.last));
    },
    async status({ recentFiles }) {
      const last = await lastCallIngestedAt();
      const byStatus = (await ds.query(
        'SELECT status, COUNT(*) AS files, SUM(records_rejected) AS rejected FROM cdr_files GROUP BY status',
      )) as Row[];
      const recent = (await ds.query(
        'SELECT source, name, status, received_at, finished_at, records_total, records_stored, ' +
          'records_duplicate, records_rejected, reason ' +
          `FROM cdr_files ORDER BY id DESC LIMIT ${limit(recentFiles)}`,
      )) as Row[];
      const files = { processing: 0, stored: 0, quarantined: 0 };
      let recordsRejected = 0;
      for (const r of byStatus) {
        if (r.status === 'processing' || r.status === 'stored' || r.status === 'quarantined')
          files[r.status] = num(r.files);
        recordsRejected += num(r.rejected);
      }
      return {
        lastCallIngestedAt: last,
        files,
        recordsRejected,
        recent: recent.map((r) => ({
          source: String(r.source),
          name: String(r.name),
          status: String(r.status),
          receivedAt: new Date(num(r.received_at)),
          finishedAt: r.finished_at === null ? null : new Date(num(r.finished_at)),
          records: num(r.records_total),
          stored: num(r.records_stored),
          duplicates: num(r.records_duplicate),
          rejected: num(r.records_rejected),
          reason: String(r.reason ?? ''),
        })),
      };
    },
  };
}
