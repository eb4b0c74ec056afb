import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { bulkWriteGate, sqliteFileOf } from '../store/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/index.js';
import { builtinRetentionKinds, checkRetentionKind, type RetentionKind } from './retention-kind.js';
import { startPurgeThread, type PurgeThread } from './purge-thread.js';

export interface RetentionServiceDeps {
  dataSource: DataSource;
  config: Pick<Config['retention'], 'batchSize' | 'pauseMs' | 'everyMinutes'> & Partial<Config['retention']>;
  clock: Clock;
  log: Logger;
}

/** What one purge of one kind did (also a retention_purges row when it deleted something). */
export interface PurgeRecord {
  kind: string;
  /** Rows older than this instant (epoch ms) were deleted. */
  cutoff: number;
  deleted: number;
  startedAt: number;
  finishedAt: number;
}

export interface RetentionService {
  /** Adds a kind of rows to purge (alarm history, report history…); registering a kind twice replaces it. */
  register(kind: RetentionKind): void;
  kinds(): RetentionKind[];
  /** Purges every kind now, batch by batch; resolves with what each kind deleted. */
  purgeNow(): Promise<PurgeRecord[]>;
  /** The purges recorded (those that deleted rows), newest first: at most `limit`, of one kind when given. */
  history(query?: { kind?: string; limit?: number }): Promise<PurgeRecord[]>;
  start(): void;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Deletes rows older than their kind's retention in small batches: each batch
 * is one short DELETE of its own (no transaction spans batches), with a pause
 * between two, so CURRI's recorder and the ingest worker wait for one batch at
 * most. Deleting calls also takes them out of call_summaries (its trigger).
 * Each purge that deleted rows is recorded in retention_purges and logged.
 */
export function createRetentionService(deps: RetentionServiceDeps): RetentionService {
  const log = deps.log.child({ module: 'retention' });
  const kinds = new Map<string, RetentionKind>();
  const postgres = deps.dataSource.options.type === 'postgres';
  const p = (n: number) => (postgres ? `$${n}` : '?');
  for (const k of deps.config.calls === undefined ? [] : builtinRetentionKinds(deps.config as Config['retention']))
    kinds.set(k.kind, k);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopping = false;

  /**
   * One DELETE on its own (autocommitted), answering how many rows it removed. On a SQLite file it runs in the
   * purge's thread (purge-worker.ts): SQLite answers on the calling thread, and a batch of calls (each taken out of
   * the summaries by its triggers) held the event loop for 10-25 ms.
   */
  async function deleteBatch(sql: string, bound: number, thread: PurgeThread | null): Promise<number> {
    if (thread) return thread.run(sql, [bound]);
    const runner = deps.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, [bound], true);
      return Number(result.affected ?? 0);
    } finally {
      await runner.release();
    }
  }

  async function purgeKind(k: RetentionKind, thread: PurgeThread | null): Promise<PurgeRecord> {
    const startedAt = deps.clock.now().getTime();
    const cutoff = startedAt - k.days * DAY_MS;
    const seconds = Math.floor(cutoff / 1000);
    const bound = k.grainSeconds
      ? Math.floor(seconds / k.grainSeconds) * k.grainSeconds
      : k.timeUnit === 's'
        ? seconds
        : cutoff;
    const sql =
      `DELETE FROM ${k.table} WHERE id IN (SELECT id FROM ${k.table} WHERE ` +
      `${k.timeColumn} < ${p(1)}${k.where ? ` AND ${k.where}` : ''} LIMIT ${deps.config.batchSize})`;
    let deleted = 0;
    for (;;) {
      if (stopping) break;
      // The WAL the batches grow is checkpointed while the purge waits, not while a lock change does.
      await bulkWriteGate(deps.dataSource);
      const n = await deleteBatch(sql, bound, thread);
      deleted += n;
      if (n < deps.config.batchSize) break;
      await sleep(deps.config.pauseMs);
    }
    const record = { kind: k.kind, cutoff, deleted, startedAt, finishedAt: deps.clock.now().getTime() };
    if (deleted > 0) {
      await deps.dataSource.query(
        `INSERT INTO retention_purges (kind, cutoff, deleted, started_at, finished_at) VALUES (` +
          `${[1, 2, 3, 4, 5].map(p).join(', ')})`,
        [record.kind, record.cutoff, record.deleted, record.startedAt, record.finishedAt],
      );
      log.info({ kind: k.kind, table: k.table, days: k.days, deleted }, 'expired rows deleted');
    }
    return record;
  }

  async function purgeNow(): Promise<PurgeRecord[]> {
    const records: PurgeRecord[] = [];
    const due = [...kinds.values()].filter((k) => k.days > 0);
    // PostgreSQL's driver never holds the event loop; an in-memory SQLite database no other connection can open.
    const file = due.length > 0 ? sqliteFileOf(deps.dataSource) : undefined;
    const thread = file === undefined ? null : startPurgeThread(deps.dataSource, file);
    try {
      for (const k of due) if (!stopping) records.push(await purgeKind(k, thread));
    } finally {
      await thread?.close();
    }
    return records;
  }

  const tick = () => {
    running = purgeNow()
      .catch((err: unknown) => log.warn({ err }, 'retention purge failed; it is tried again at the next interval'))
      .finally(() => {
        running = null;
        if (!stopping) timer = setTimeout(tick, deps.config.everyMinutes * 60_000);
      });
  };

  async function history(query: { kind?: string; limit?: number } = {}): Promise<PurgeRecord[]> {
    const limit = Math.max(1, Math.min(Math.floor(query.limit ?? 100), 10_000));
    const rows = (await deps.dataSource.query(
      'SELECT kind, cutoff, deleted, started_at AS "startedAt", finished_at AS "finishedAt" FROM retention_purges ' +
        `${query.kind === undefined ? '' : `WHERE kind = ${p(1)} `}ORDER BY started_at DESC, id DESC LIMIT ${limit}`,
      query.kind === undefined ? [] : [query.kind],
    )) as Array<Record<keyof PurgeRecord, unknown>>;
    return rows.map((r) => ({
      kind: String(r.kind),
      cutoff: Number(r.cutoff),
      deleted: Number(r.deleted),
      startedAt: Number(r.startedAt),
      finishedAt: Number(r.finishedAt),
    }));
  }

  return {
    history,
    register(kind) {
      kinds.set(kind.kind, checkRetentionKind(kind));
    },
    kinds: () => [...kinds.values()],
    purgeNow,
    start() {
      stopping = false;
      timer = setTimeout(tick, 60_000);
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
