import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { ClusterConfig } from '../config/index.js';
import { createClusterLeases, type ClusterLeases, type RunExclusive } from './cluster-leases.js';
import { daemonRegistry } from './daemon-registry.js';
import { leaseStore } from './lease-store.js';

export interface ClusterDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  settings: ClusterConfig;
  /** This daemon: its id is its change-feed origin. */
  daemon: { id: string; host: string; pid: number };
}

export interface DaemonStatus {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
  /** Seen within a lease's length and not stopped. */
  alive: boolean;
  /**
   * How far it has followed the change feed: the newest change handled, how many others' changes it has not
   * handled, and how late it handled the last one.
   */
  changeFeed: { position: number; behind: number; lastDelayMs: number };
}

export interface ClusterStatus {
  daemon: string;
  daemons: DaemonStatus[];
  leases: Array<{ name: string; holder: string; expiresAt: string; expired: boolean }>;
}

export interface Cluster {
  leases: ClusterLeases;
  runExclusive: RunExclusive;
  /**
   * The change-feed listener reports each handled delivery: the newest row id, and how late the newest other
   * process's change was handled.
   */
  feedHandled(position: number, delayMs: number | null): void;
  status(): Promise<ClusterStatus>;
  registerMetrics(registry: Registry): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Daemon rows not seen for a day are removed. */
const FORGET_AFTER_MS = 86_400_000;

/**
 * Several daemons on one database: a heartbeat row per daemon, leases for
 * run-once jobs and items of work, and the cluster's status for /healthz and
 * the metrics. One timer does it all, every `heartbeatSeconds`.
 */
export function createCluster(deps: ClusterDeps): Cluster {
  const log = deps.log.child({ module: 'cluster' });
  const { dataSource, clock } = deps;
  const leaseMs = deps.settings.leaseSeconds * 1000;
  const leases = createClusterLeases({ dataSource, clock, log: deps.log, holder: deps.daemon.id, leaseMs });
  const startedAt = clock.now().getTime();
  let position = 0;
  let delayMs = 0;
  let timer: NodeJS.Timeout | null = null;
  let beats = 0;
  let beating: Promise<void> = Promise.resolve();

  const row = () => ({
    ...deps.daemon,
    startedAt,
    lastSeenAt: clock.now().getTime(),
    stoppedAt: null,
    feedPosition: position,
    feedDelayMs: delayMs,
  });

  async function beat(): Promise<void> {
    try {
      await daemonRegistry.beat(dataSource, row());
      await leases.renew();
      if (++beats % 500 === 1) {
        const now = clock.now().getTime();
        await daemonRegistry.prune(dataSource, now - FORGET_AFTER_MS);
        await leaseStore.pruneExpired(dataSource, now - FORGET_AFTER_MS);
      }
    } catch (err) {
      log.warn({ err }, 'cluster heartbeat failed; trying again');
    }
  }

  async function status(): Promise<ClusterStatus> {
    const now = clock.now().getTime();
    const rows = await daemonRegistry.list(dataSource);
    const daemons: DaemonStatus[] = [];
    for (const r of rows) {
      daemons.push({
        id: r.id,
        host: r.host,
        pid: r.pid,
        startedAt: new Date(r.startedAt).toISOString(),
        lastSeenAt: new Date(r.lastSeenAt).toISOString(),
        alive: r.stoppedAt === null && now - r.lastSeenAt <= leaseMs,
        changeFeed: {
          position: r.feedPosition,
          behind: await daemonRegistry.behind(dataSource, r.id, r.feedPosition),
          lastDelayMs: r.feedDelayMs,
        },
      });
    }
    const leaseRows = await leaseStore.list(dataSource);
    return {
      daemon: deps.daemon.id,
      daemons,
      leases: leaseRows.map((l) => ({
        name: l.name,
        holder: l.holder,
        expiresAt: new Date(l.expiresAt).toISOString(),
        expired: l.expiresAt <= now,
      })),
    };
  }

  function registerMetrics(registry: Registry): void {
    new Gauge({
      name: 'tollgate_cluster_daemons_alive',
      help: 'Daemons on this database whose heartbeat is recent (within cluster.leaseSeconds).',
      registers: [registry],
      async collect() {
        const now = clock.now().getTime();
        this.set(
          (await daemonRegistry.list(dataSource)).filter((r) => r.stoppedAt === null && now - r.lastSeenAt <= leaseMs)
            .length,
        );
      },
    });
    new Gauge({
      name: 'tollgate_cluster_leases_held',
      help: 'Leases this daemon holds, by kind: job (run-once work) or file (a CDR file being ingested).',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        const names = leases.held();
        const files = names.filter((n) => n.startsWith('cdr-file:')).length;
        this.set({ kind: 'file' }, files);
        this.set({ kind: 'job' }, names.length - files);
      },
    });
    new Gauge({
      name: 'tollgate_cluster_lease_holder',
      help: 'Run-once jobs this daemon runs now (1 per lease name it holds).',
      labelNames: ['lease'],
      registers: [registry],
      collect() {
        this.reset();
        for (const name of leases.held()) if (!name.startsWith('cdr-file:')) this.set({ lease: name }, 1);
      },
    });
    new Gauge({
      name: 'tollgate_change_feed_position',
      help: 'The newest change-feed row this daemon has handled.',
      registers: [registry],
      collect() {
        this.set(position);
      },
    });
    new Gauge({
      name: 'tollgate_change_feed_delay_seconds',
      help: 'How long after its commit this daemon handled the last change another process made.',
      registers: [registry],
      collect() {
        this.set(delayMs / 1000);
      },
    });
    new Gauge({
      name: 'tollgate_change_feed_behind',
      help: 'Changes other processes committed that this daemon has not handled yet.',
      registers: [registry],
      async collect() {
        this.set(await daemonRegistry.behind(dataSource, deps.daemon.id, position));
      },
    });
  }

  return {
    leases,
    runExclusive: (name, fn) => leases.runExclusive(name, fn),
    feedHandled(at, delay) {
      position = Math.max(position, at);
      if (delay !== null) delayMs = Math.max(0, Math.round(delay));
    },
    status,
    registerMetrics,
    async start() {
      const [last] = (await dataSource.query('SELECT MAX(id) AS max FROM change_feed')) as Array<{
        max: number | string | null;
      }>;
      position = Math.max(position, Number(last?.max ?? 0));
      await beat();
      const tick = () => {
        beating = beat();
        return beating;
      };
      timer = setInterval(() => void tick(), deps.settings.heartbeatSeconds * 1000);
      timer.unref();
      log.info({ daemon: deps.daemon.id }, 'daemon registered in the cluster');
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await beating;
      try {
        await leases.releaseAll();
        await daemonRegistry.stopped(dataSource, deps.daemon.id, clock.now().getTime());
      } catch (err) {
        log.warn({ err }, 'could not sign off from the cluster; leases expire on their own');
      }
    },
  };
}
