import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { ChangeFeedRow, ChangeTopic } from '../store/index.js';
import { changeFeedStore } from './change-feed-store.js';
import type { ChangePayload } from './change-feed-writer.js';
import { createPostgresChangeFollower } from './postgres-change-follower.js';
import { createSqliteChangeFollower } from './sqlite-change-follower.js';

/** A change another process made, as its topic's owner receives it. */
export interface ForeignChange {
  id: number;
  origin: string;
  createdAt: number;
  payload: ChangePayload;
}

/**
 * Each topic's owner: called with the changes other processes made since the
 * last call, oldest first. After a lost PostgreSQL connection every handler is
 * called (possibly with no changes): a full resync, since notifications were
 * missed; owners whose reload is whole (directory, budgets, tariffs) reload anyway.
 */
export type ChangeHandlers = Partial<
  Record<ChangeTopic, (changes: ForeignChange[], resync: boolean) => Promise<void> | void>
>;

export interface ChangeListenerDeps {
  dataSource: DataSource;
  /** This process's origin (its writer's): its own rows are skipped, their events were published here. */
  origin: string;
  clock: Clock;
  log: Logger;
  handlers: ChangeHandlers;
  /** SQLite: how often `PRAGMA data_version` is compared (a commit by another connection changes it). */
  pollMs?: number;
  /** Rows older than this are deleted. */
  retentionMs?: number;
  pruneEveryMs?: number;
  /** PostgreSQL: first delay before reconnecting the LISTEN connection, doubled up to `maxReconnectMs`. */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /**
   * After each delivery: the newest row id seen, and how long after its commit the newest other process's change
   * was handled (null: none in it).
   */
  onHandled?(position: number, delayMs: number | null): void;
}

export interface ChangeListener {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the changes received so far have been handled (tests). */
  idle(): Promise<void>;
}

/** What the two followers hand the listener: rows read from change_feed, and whether notices may have been missed. */
export type DeliverChanges = (rows: ChangeFeedRow[], resync: boolean) => Promise<void>;

const topics: ChangeTopic[] = ['locks', 'directory', 'budgets', 'tariffs', 'calls', 'schedules'];

/**
 * Follows change_feed in the daemon and hands other processes' changes to
 * each topic's owner: PostgreSQL LISTEN/NOTIFY (reconnecting, with a resync),
 * or on SQLite a cheap `PRAGMA data_version` check. Prunes old rows.
 */
export function createChangeListener(deps: ChangeListenerDeps): ChangeListener {
  const log = deps.log.child({ module: 'change-feed' });
  const retentionMs = deps.retentionMs ?? 3_600_000;
  let tail: Promise<void> = Promise.resolve();
  let pruneTimer: NodeJS.Timeout | null = null;

  const deliver: DeliverChanges = (rows, resync) => {
    const run = tail.then(() => dispatch(rows, resync));
    tail = run;
    return run;
  };

  async function dispatch(rows: ChangeFeedRow[], resync: boolean): Promise<void> {
    const byTopic = new Map<ChangeTopic, ForeignChange[]>();
    for (const row of rows) {
      if (row.origin === deps.origin || !topics.includes(row.topic)) continue;
      const list = byTopic.get(row.topic) ?? [];
      list.push({ id: row.id, origin: row.origin, createdAt: row.createdAt, payload: parsePayload(row.payload) });
      byTopic.set(row.topic, list);
    }
    for (const topic of topics) {
      const changes = byTopic.get(topic) ?? [];
      const handler = deps.handlers[topic];
      if (!handler || (changes.length === 0 && !resync)) continue;
      try {
        await handler(changes, resync);
        log.debug({ topic, changes: changes.length, resync }, 'changes made by other processes handled');
      } catch (err) {
        log.warn({ err, topic }, 'could not apply changes made by another process');
      }
    }
    if (rows.length > 0 && deps.onHandled) {
      const foreign = rows.filter((r) => r.origin !== deps.origin);
      const newest = foreign.reduce((at, r) => Math.max(at, r.createdAt), 0);
      deps.onHandled(
        Math.max(...rows.map((r) => r.id)),
        foreign.length > 0 ? deps.clock.now().getTime() - newest : null,
      );
    }
  }

  async function prune(): Promise<void> {
    const before = deps.clock.now().getTime() - retentionMs;
    let deleted = 0;
    for (let batch = 0; batch < 20; batch++) {
      const n = await changeFeedStore.pruneBatch(deps.dataSource, before, 500);
      deleted += n;
      if (n < 500) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (deleted > 0) log.debug({ deleted }, 'old change feed rows pruned');
  }

  const followerDeps = { dataSource: deps.dataSource, origin: deps.origin, clock: deps.clock, log, deliver };
  const follower =
    deps.dataSource.options.type === 'postgres'
      ? createPostgresChangeFollower({
          ...followerDeps,
          reconnectMs: deps.reconnectMs ?? 250,
          maxReconnectMs: deps.maxReconnectMs ?? 30_000,
        })
      : createSqliteChangeFollower({ ...followerDeps, pollMs: deps.pollMs ?? 200 });

  return {
    async start() {
      await follower.start();
      pruneTimer = setInterval(
        () => void prune().catch((err: unknown) => log.warn({ err }, 'could not prune the change feed')),
        deps.pruneEveryMs ?? 60_000,
      );
      pruneTimer.unref();
    },
    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
      await follower.stop();
      await tail;
    },
    async idle() {
      let seen: Promise<void>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}

function parsePayload(text: string): ChangePayload {
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ChangePayload) : {};
  } catch {
    return {};
  }
}
