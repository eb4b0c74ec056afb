import { In, type DataSource, type EntityManager, type InsertResult } from 'typeorm';
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
  /** The locks held on any of these lines (one query for a page of lines). */
  locksOfLines(lineIds: number[]): Promise<LineLockRow[]>;
  /**
   * The lock, its history row and `also` (the change feed, the audit entry) commit together; resolves with the
   * history row's id.
   */
  addLock(lock: NewLock, history: NewHistory, also: InTransaction): Promise<number>;
  removeLock(lineId: number, kind: LockKind, history: NewHistory, also: InTransaction): Promise<number>;
  appendHistory(history: NewHistory): Promise<void>;
  /** Newest first; `beforeId` pages backwards. */
  history(lineId: number, options: { limit: number; beforeId?: number }): Promise<LockHistoryRow[]>;
  /** The line's latest lock set/clear row: who changed it last, and when. */
  latestLockChange(lineId: number): Promise<LockHistoryRow | null>;
}

export type InTransaction = (em: EntityManager) => Promise<void>;

export function createLockStore(dataSource: DataSource): LockStore {
  const locks = () => dataSource.getRepository<LineLockRow>(lineLockEntity.options.name);
  const histories = () => dataSource.getRepository<LockHistoryRow>(lockHistoryEntity.options.name);
  return {
    locksOf: (lineId) => locks().find({ where: { lineId }, order: { id: 'ASC' } }),
    allLocks: () => locks().find({ order: { lineId: 'ASC', id: 'ASC' } }),
    locksOfLines: async (lineIds) =>
      lineIds.length === 0 ? [] : locks().find({ where: { lineId: In(lineIds) }, order: { id: 'ASC' } }),
    addLock: (lock, history, also) =>
      dataSource.transaction(async (em) => {
        await em.insert(lineLockEntity.options.name, lock);
        const id = insertedId(await em.insert(lockHistoryEntity.options.name, history));
        await also(em);
        return id;
      }),
    removeLock: (lineId, kind, history, also) =>
      dataSource.transaction(async (em) => {
        await em.delete(lineLockEntity.options.name, { lineId, kind });
        const id = insertedId(await em.insert(lockHistoryEntity.options.name, history));
        await also(em);
        return id;
      }),
    async appendHistory(history) {
      await histories().insert(history);
    },
    async history(lineId, { limit, beforeId }) {
      const query = histories().createQueryBuilder('h').where('h.line_id = :lineId', { lineId });
      if (beforeId !== undefined) query.andWhere('h.id < :beforeId', { beforeId });
      return query.orderBy('h.id', 'DESC').limit(limit).getMany();
    },
    latestLockChange: (lineId) =>
      histories()
        .createQueryBuilder('h')
        .where('h.line_id = :lineId', { lineId })
        .andWhere('h.action IN (:...actions)', { actions: ['set', 'clear'] })
        .orderBy('h.id', 'DESC')
        .getOne(),
  };
}

function insertedId(result: InsertResult): number {
  return Number((result.identifiers[0] as { id?: number } | undefined)?.id ?? 0);
}

/** The fields every history row takes from its line, time and actor. */
export function historyBase(line: LineIdentity, at: Date, context: ChangeContext) {
  return {
    lineId: line.id,
    extension: line.extension,
    partition: line.partition,
    at,
    actor: context.actor,
    via: context.via,
    reason: context.reason ?? '',
  };
}
