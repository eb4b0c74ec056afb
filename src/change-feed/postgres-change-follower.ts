import type pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { lazyModule } from '../lazy-module.js';
import { changeChannelOf } from './change-channel.js';
import { changeFeedStore } from './change-feed-store.js';
import type { ChangeNotification } from './change-feed-writer.js';
import type { DeliverChanges } from './change-listener.js';

// On PostgreSQL the DataSource has loaded the driver already: this import is then the module cache's answer.
const pgDriver = lazyModule('pg', () => import('pg'));

export interface PostgresChangeFollowerDeps {
  dataSource: DataSource;
  origin: string;
  clock: Clock;
  log: Logger;
  deliver: DeliverChanges;
  reconnectMs: number;
  maxReconnectMs: number;
}

/** How far before a lost connection the resync looks back (clocks of other hosts may be behind ours). */
const RESYNC_MARGIN_MS = 120_000;
/** application_name of the LISTEN connection, so operators (and tests) can find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'tollgate-change-listener';

/**
 * One dedicated connection LISTENs on the schema's channel; a notification
 * carries a change's id and origin, and other processes' rows are read by id
 * (ids of concurrent transactions commit out of order, so "after the last id"
 * would miss some). When the connection is lost it reconnects with doubling
 * delays, then resyncs: the rows written since shortly before the loss that
 * were not handled yet, and every topic reloads.
 */
export function createPostgresChangeFollower(deps: PostgresChangeFollowerDeps) {
  const channel = changeChannelOf(deps.dataSource);
  const log = deps.log;
  let client: pg.Client | null = null;
  let stopped = true;
  let lostAt: number | null = null;
  let delay = deps.reconnectMs;
  let retryTimer: NodeJS.Timeout | null = null;
  let pending = new Set<number>();
  let flushing = false;
  /** Ids handled recently (id → when), so a resync does not hand the same change over twice. */
  const handled = new Map<number, number>();

  function onNotification(msg: pg.Notification): void {
    if (msg.channel !== channel || !msg.payload) return;
    let note: ChangeNotification;
    try {
      note = JSON.parse(msg.payload) as ChangeNotification;
    } catch {
      return;
    }
    if (note.origin === deps.origin) return;
    pending.add(note.id);
    if (!flushing) {
      flushing = true;
      setImmediate(() => void flush());
    }
  }

  async function flush(): Promise<void> {
    const ids = [...pending];
    pending = new Set();
    try {
      if (ids.length > 0) await handOver(await changeFeedStore.byIds(deps.dataSource, ids), false);
    } catch (err) {
      log.warn({ err }, 'could not read the change feed');
    } finally {
      flushing = false;
      if (pending.size > 0) {
        flushing = true;
        setImmediate(() => void flush());
      }
    }
  }

  async function handOver(rows: Awaited<ReturnType<typeof changeFeedStore.byIds>>, resync: boolean): Promise<void> {
    const now = deps.clock.now().getTime();
    const fresh = rows.filter((r) => !handled.has(r.id));
    for (const row of fresh) handled.set(row.id, now);
    for (const [id, at] of handled) {
      if (at >= now - 2 * RESYNC_MARGIN_MS) break;
      handled.delete(id);
    }
    await deps.deliver(fresh, resync);
  }

  async function connect(): Promise<void> {
    retryTimer = null;
    if (stopped) return;
    // A SQLite install never loads the PostgreSQL driver on its main thread: it is imported here (src/lazy-module.ts).
    const { Client } = (await pgDriver.load()).default;
    const next = new Client({
      ...connectionOptions(deps.dataSource),
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    next.on('notification', onNotification);
    next.on('error', (err) => lost(next, err));
    next.on('end', () => lost(next, null));
    try {
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
    } catch (err) {
      lost(next, err);
      return;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    delay = deps.reconnectMs;
    if (lostAt !== null) await resync(lostAt);
  }

  async function resync(since: number): Promise<void> {
    try {
      const rows = await changeFeedStore.since(deps.dataSource, since - RESYNC_MARGIN_MS, 10_000);
      lostAt = null;
      log.info(
        { missed: rows.filter((r) => !handled.has(r.id) && r.origin !== deps.origin).length },
        'change feed listener reconnected: resyncing',
      );
      await handOver(rows, true);
    } catch (err) {
      log.warn({ err }, 'change feed resync failed; retrying with the next connection');
      client?.end().catch(() => undefined);
    }
  }

  function lost(which: pg.Client, err: unknown): void {
    which.removeAllListeners('notification');
    which.removeAllListeners('end');
    // Keep an error listener: a late 'error' on a dropped client must not crash the process.
    which.removeAllListeners('error');
    which.on('error', () => undefined);
    if (client === which) client = null;
    which.end().catch(() => undefined);
    if (stopped || retryTimer !== null) return;
    lostAt ??= deps.clock.now().getTime();
    log.warn({ err, retryMs: delay }, 'change feed listener lost its connection; reconnecting');
    retryTimer = setTimeout(() => void connect(), delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, deps.maxReconnectMs);
  }

  return {
    async start() {
      stopped = false;
      await connect();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners('end');
        await current.end().catch(() => undefined);
      }
    },
  };
}

/** The LISTEN connection goes where the DataSource goes (a LISTEN needs a session of its own, not a pooled one). */
function connectionOptions(ds: DataSource): pg.ClientConfig {
  if (ds.options.type !== 'postgres') throw new Error('not a PostgreSQL DataSource');
  const o = ds.options;
  const config: pg.ClientConfig = {};
  if (o.url) config.connectionString = o.url;
  if (o.host) config.host = o.host;
  if (o.port) config.port = o.port;
  if (o.username) config.user = o.username;
  if (typeof o.password === 'string') config.password = o.password;
  if (o.database) config.database = o.database;
  if (o.ssl) config.ssl = o.ssl as pg.ClientConfig['ssl'];
  return config;
}
