import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { changeFeedStore } from './change-feed-store.js';
import type { DeliverChanges } from './change-listener.js';

export interface SqliteChangeFollowerDeps {
  dataSource: DataSource;
  log: Logger;
  deliver: DeliverChanges;
  pollMs: number;
}

/**
 * SQLite has no notifications. `PRAGMA data_version` is a counter of this
 * connection that moves when another connection commits (microseconds to
 * read), so the table is read only then. SQLite commits one writer at a time,
 * so row ids appear in commit order and "after the last id seen" misses none.
 */
export function createSqliteChangeFollower(deps: SqliteChangeFollowerDeps) {
  let lastId = 0;
  let version: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let busy = false;

  async function dataVersion(): Promise<number> {
    const [row] = (await deps.dataSource.query('PRAGMA data_version')) as Array<{ data_version: number }>;
    return Number(row?.data_version ?? 0);
  }

  async function tick(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const now = await dataVersion();
      if (now === version) return;
      version = now;
      for (;;) {
        const rows = await changeFeedStore.after(deps.dataSource, lastId, 1000);
        if (rows.length === 0) break;
        lastId = rows[rows.length - 1]?.id ?? lastId;
        await deps.deliver(rows, false);
        if (rows.length < 1000) break;
      }
    } catch (err) {
      deps.log.warn({ err }, 'could not read the change feed');
    } finally {
      busy = false;
    }
  }

  return {
    async start() {
      // Changes before this point are in what the modules load as they start.
      version = await dataVersion();
      lastId = await changeFeedStore.lastId(deps.dataSource);
      timer = setInterval(() => void tick(), deps.pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
