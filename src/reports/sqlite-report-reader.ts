import type { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/index.js';
import { startWorkerThread } from '../worker-thread.js';
import type { ReportDatabase } from './report-database.js';
import type { ReportReaderData, ReportReaderReply, ReportReaderRequest } from './report-reader-worker.js';

interface Pending {
  resolve(rows: Array<Record<string, unknown>>): void;
  reject(err: Error): void;
}

export interface SqliteReportReader extends ReportDatabase {
  close(): Promise<void>;
}

/** One reader thread of the pool: its worker while it runs, and the queries it has not answered yet. */
interface ReaderSlot {
  worker: Worker | null;
  pending: Map<number, Pending>;
}

/**
 * Report queries on SQLite in worker threads (docs/style.md §10): better-sqlite3
 * answers synchronously, and a year's summary over millions of calls must not
 * hold the event loop that CURRI answers on. `threads` readers (default 1), each
 * on its own connection (WAL lets them read side by side), take the queries: a
 * query goes to the reader with the fewest unanswered, so a page's queries run
 * in parallel (the Dashboard's widgets) and one long report does not queue
 * everyone else's. Each reader queues what it is given; a reader starts with
 * its first query, holds the process open only while a query is pending, and
 * restarts after a crash (failing only the queries it held).
 */
export function createSqliteReportReader(deps: { path: string; log: Logger; threads?: number }): SqliteReportReader {
  const log = deps.log.child({ module: 'reports', part: 'reader' });
  const slots: ReaderSlot[] = Array.from({ length: Math.max(1, deps.threads ?? 1) }, () => ({
    worker: null,
    pending: new Map(),
  }));
  let nextId = 1;

  function failAll(slot: ReaderSlot, err: Error): void {
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
  }

  function start(slot: ReaderSlot): Worker {
    const workerData: ReportReaderData = { path: deps.path };
    const w = startWorkerThread(new URL('./report-reader-worker.ts', import.meta.url), { workerData });
    w.on('message', (m: ReportReaderReply) => {
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) w.unref();
      if ('error' in m) p?.reject(new Error(m.error));
      else p?.resolve(m.rows);
    });
    w.on('error', (err) => {
      log.error({ err }, 'report reader thread failed; it restarts with its next query');
      failAll(slot, err);
    });
    w.on('exit', () => {
      if (slot.worker === w) slot.worker = null;
      failAll(slot, new Error('the report reader thread stopped'));
    });
    return w;
  }

  /** The reader with the fewest unanswered queries; among equals, one already running. */
  function leastBusy(): ReaderSlot {
    let best = slots[0]!;
    for (const slot of slots) {
      const fewer = slot.pending.size < best.pending.size;
      const sameButRunning = slot.pending.size === best.pending.size && slot.worker && !best.worker;
      if (fewer || sameButRunning) best = slot;
    }
    return best;
  }

  return {
    dialect: 'sqlite',
    all(sql, values) {
      const slot = leastBusy();
      slot.worker ??= start(slot);
      const w = slot.worker;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, sql, values } satisfies ReportReaderRequest);
      });
    },
    async close() {
      const running = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
      for (const slot of slots) slot.worker = null;
      await Promise.all(running.map((w) => w.terminate()));
    },
  };
}
