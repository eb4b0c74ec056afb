import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * The collector's Prometheus metrics: a counter of files quarantined (returned,
 * the collector increments it) and a gauge of rejected records in the ledger,
 * read from cdr_files when scraped.
 */
export function registerIngestMetrics(registry: Registry, dataSource: DataSource): Counter {
  const quarantined = new Counter({
    name: 'tollgate_cdr_files_quarantined_total',
    help: 'CDR/CMR files quarantined since the daemon started (not CUCM files, or too many rejected records).',
    registers: [registry],
  });
  new Gauge({
    name: 'tollgate_cdr_rejected_records',
    help:
      'Rejected records of all files in the ledger (their lines are kept up to ' +
      'cdr.maxStoredRejectsPerFile per file).',
    registers: [registry],
    async collect() {
      const [row] = (await dataSource.query('SELECT COALESCE(SUM(records_rejected), 0) AS n FROM cdr_files')) as Array<{
        n: number | string;
      }>;
      this.set(Number(row?.n ?? 0));
    },
  });
  return quarantined;
}
