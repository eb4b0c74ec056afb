import type { DataSource } from 'typeorm';
import { clusterDaemonEntity, type ClusterDaemonRow } from '../store/index.js';

const repo = (ds: DataSource) => ds.getRepository<ClusterDaemonRow>(clusterDaemonEntity.options.name);

/** Each daemon's heartbeat row: who it is, when it was last seen, how far it has followed the change feed. */
export const daemonRegistry = {
  async beat(ds: DataSource, row: ClusterDaemonRow): Promise<void> {
    await repo(ds).upsert(row, ['id']);
  },
  async stopped(ds: DataSource, id: string, at: number): Promise<void> {
    await repo(ds).update({ id }, { stoppedAt: at, lastSeenAt: at });
  },
  list: (ds: DataSource): Promise<ClusterDaemonRow[]> => repo(ds).find({ order: { startedAt: 'ASC' } }),
  /** Rows of daemons gone for long (a host renamed, a container replaced). */
  async prune(ds: DataSource, lastSeenBefore: number): Promise<void> {
    await repo(ds).createQueryBuilder().delete().where('last_seen_at < :before', { before: lastSeenBefore }).execute();
  },
  /** Changes written by other processes after `position` that a daemon has not handled yet. */
  async behind(ds: DataSource, id: string, position: number): Promise<number> {
    const p = ds.options.type === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM change_feed WHERE id > ${p[0]} AND origin <> ${p[1]}`, [
      position,
      id,
    ])) as Array<{ n: number | string }>;
    return Number(row?.n ?? 0);
  },
};
