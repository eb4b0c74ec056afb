import type { DataSource, EntityManager } from 'typeorm';
import { changeFeedEntity, type ChangeFeedRow } from '../store/index.js';

const repo = (m: DataSource | EntityManager) => m.getRepository<ChangeFeedRow>(changeFeedEntity.options.name);

/** Reads and prunes change_feed rows (writes are the writer's, in its caller's transaction). */
export const changeFeedStore = {
  async lastId(ds: DataSource): Promise<number> {
    const row = await repo(ds)
      .createQueryBuilder('c')
      .select('MAX(c.id)', 'max')
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0);
  },
  /** Oldest first. */
  after: (ds: DataSource, afterId: number, limit: number) =>
    repo(ds)
      .createQueryBuilder('c')
      .where('c.id > :afterId', { afterId })
      .orderBy('c.id', 'ASC')
      .limit(limit)
      .getMany(),
  byIds: (ds: DataSource, ids: number[]) =>
    repo(ds).createQueryBuilder('c').whereInIds(ids).orderBy('c.id', 'ASC').getMany(),
  /** Oldest first. */
  since: (ds: DataSource, createdAt: number, limit: number) =>
    repo(ds)
      .createQueryBuilder('c')
      .where('c.created_at >= :createdAt', { createdAt })
      .orderBy('c.id', 'ASC')
      .limit(limit)
      .getMany(),
  /** Deletes up to `limit` rows older than `before` (epoch ms); resolves with how many. */
  async pruneBatch(ds: DataSource, before: number, limit: number): Promise<number> {
    const old = await repo(ds)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.created_at < :before', { before })
      .orderBy('c.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number }>();
    if (old.length === 0) return 0;
    await repo(ds).delete(old.map((r) => Number(r.id)));
    return old.length;
  },
};
