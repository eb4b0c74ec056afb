import type { DataSource } from 'typeorm';
import type { LockKind } from '../events/index.js';
import type { ChangeContext } from './lock-policy.js';
import type { LineIdentity } from './lock-types.js';
import { lineLockEntity, lockHistoryEntity, type LineLockRow, type LockHistoryRow } from '../store/index.js';

export type NewLock = Omit<LineLockRow, 'id'>;
export type NewHistory = Omit<LockHistoryRow, 'id'>;

/** Writes and reads of line locks and their history. */
export interface LockStore {
  locksOf(lineId: number): Promise<LineLockRow[]>;
  allLocks(): Promise<LineLockRow[]>;
  /** The lock and its history row commit together. */
  addLock(lock: NewLock, history: NewHistory): Promise<void>;
  removeLock(lineId: number, kind: LockKind, history: NewHistory): Promise<void>;
  appendHistory(history: NewHistory): Promise<void>;
  /** Newest first; `beforeId` pages backwards. */
  history(lineId: number, options: { limit: number; beforeId?: number }): Promise<LockHistoryRow[]>;
}

export function createLockStore(dataSource: DataSource): LockStore {
  const locks = () => dataSource.getRepository<LineLockRow>(lineLockEntity.options.name);
  const histories = () => dataSource.getRepository<LockHistoryRow>(lockHistoryEntity.options.name);
  return {
    locksOf: (lineId) => locks().find({ where: { lineId }, order: { id: 'ASC' } }),
    allLocks: () => locks().find({ order: { lineId: 'ASC', id: 'ASC' } }),
    async addLock(lock, history) {
      await dataSource.transaction(async (em) => {
        await em.insert(lineLockEntity.options.name, lock);
        await em.insert(lockHistoryEntity.options.name, history);
      });
    },
    async removeLock(lineId, kind, history) {
      await dataSource.transaction(async (em) => {
        await em.delete(lineLockEntity.options.name, { lineId, kind });
        await em.insert(lockHistoryEntity.options.name, history);
      });
    },
    async appendHistory(history) {
      await histories().insert(history);
    },
    async history(lineId, { limit, beforeId }) {
      const query = histories().createQueryBuilder('h').where('h.line_id = :lineId', { lineId });
      if (beforeId !== undefined) query.andWhere('h.id < :beforeId', { beforeId });
      return query.orderBy('h.id', 'DESC').limit(limit).getMany();
    },
  };
}

/** The fields every history row takes from its line, time and actor. */
export function historyBase(line: LineIdentity, at: Date, context: ChangeContext) {
  return { lineId: line.id, extension: line.extension, partition: line.partition, at, actor: context.actor, via: context.via, reason: context.reason ?? '' };
}
