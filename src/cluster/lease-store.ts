import type { DataSource } from 'typeorm';
import { clusterLeaseEntity, type ClusterLeaseRow } from '../store/index.js';

const placeholders = (ds: DataSource, n: number) =>
  Array.from({ length: n }, (_, i) => (ds.options.type === 'postgres' ? `$${i + 1}` : '?')).join(', ');

/**
 * The lease table's statements. Taking a lease is one atomic upsert on both
 * dialects: the row is inserted, or taken over when it has expired, or renewed
 * when its holder asks again; otherwise nothing changes and no row returns.
 */
export const leaseStore = {
  async acquire(ds: DataSource, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const rows = (await ds.query(
      `INSERT INTO cluster_leases (name, holder, acquired_at, renewed_at, expires_at) VALUES (${placeholders(ds, 5)})
       ON CONFLICT (name) DO UPDATE SET
         acquired_at = CASE WHEN cluster_leases.holder = excluded.holder
           THEN cluster_leases.acquired_at ELSE excluded.acquired_at END,
         holder = excluded.holder, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
       WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_at <= excluded.renewed_at
       RETURNING holder`,
      [name, holder, now, now, now + ttlMs],
    )) as Array<{ holder: string }>;
    return rows.length === 1;
  },
  async release(ds: DataSource, names: string[], holder: string): Promise<void> {
    if (names.length === 0) return;
    await ds
      .getRepository<ClusterLeaseRow>(clusterLeaseEntity.options.name)
      .createQueryBuilder()
      .delete()
      .where('name IN (:...names) AND holder = :holder', { names, holder })
      .execute();
  },
  list: (ds: DataSource): Promise<ClusterLeaseRow[]> =>
    ds.getRepository<ClusterLeaseRow>(clusterLeaseEntity.options.name).find({ order: { name: 'ASC' }, take: 200 }),
  /** Leases nobody renewed for long (their holder died and nobody wanted them since: a file that is gone). */
  async pruneExpired(ds: DataSource, before: number): Promise<void> {
    await ds
      .getRepository<ClusterLeaseRow>(clusterLeaseEntity.options.name)
      .createQueryBuilder()
      .delete()
      .where('expires_at < :before', { before })
      .execute();
  },
};
