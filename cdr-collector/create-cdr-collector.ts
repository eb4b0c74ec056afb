import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config/index.js';
import { createDirectoryReadModel } from '../src/directory/index.js';
import type { EventBus } from '../src/events/index.js';
import type { ClaimFile } from './claim-file.js';
import { createDropFolderSource, type FileSource } from './drop-folder-source.js';
import type { FileIngestResult, IngestFileRequest } from './ingest-file.js';
import { createIngestStatusReadModel, type CdrIngestStatus } from './ingest-status-read-model.js';
import { createIngestWorker, type IngestProgress } from './ingest-worker-client.js';
import { registerIngestMetrics } from './ingest-metrics.js';
import { createSftpSource } from './sftp-source.js';
import type { SourceStatus } from './source-status.js';

export interface CdrCollectorDeps {
  config: Config;
  /** The daemon's open, migrated connection: the worker opens its own to the same database. */
  dataSource: DataSource;
  events: EventBus;
  log: Logger;
  clock: Clock;
  /** The daemon's Prometheus registry: quarantined files and rejected records are counted there. */
  metrics?: Registry;
  /** This daemon's change-feed origin: on PostgreSQL each stored batch is announced to the other daemons under it. */
  origin?: string;
  /** Several daemons on one folder: each file is claimed before it is taken, and released once archived or deleted. */
  claim?: ClaimFile;
}

/** What is happening right now, beyond the ledger. */
export interface LiveIngestStatus {
  enabled: boolean;
  sources: SourceStatus[];
  current: { source: string; name: string; startedAt: Date; progress: IngestProgress | null } | null;
  lastFile: {
    source: string;
    name: string;
    outcome: FileIngestResult['outcome'];
    records: FileIngestResult['records'];
    at: Date;
  } | null;
  /** Problem that keeps the collector from running (e.g. an in-memory database), if any. */
  problem: string | null;
  /**
   * 'degraded' once a file was quarantined since the daemon started: someone should look at it. Call control is
   * unaffected.
   */
  health: 'ok' | 'degraded';
  /** Files quarantined since the daemon started, and the latest of them. */
  quarantined: { files: number; last: { source: string; name: string; reason: string; at: Date } | null };
}

export interface CdrCollector {
  start(): Promise<void>;
  /** Stops polling and watching, lets the file in hand reach a batch boundary, closes the worker. */
  stop(): Promise<void>;
  /** The ledger's view (SOAP's GetCdrIngestStatus) plus the live state of sources. */
  status(options: { recentFiles: number }): Promise<CdrIngestStatus & { live: LiveIngestStatus }>;
  live(): LiveIngestStatus;
  /** Stores one file through the collector's worker (same ledger rules); used by sources and tests. */
  ingest(request: IngestFileRequest): Promise<FileIngestResult>;
}

/** The connection settings the worker needs to open its own connection to the daemon's database. */
export function databaseOf(dataSource: DataSource): { url: string; schema?: string } {
  const o = dataSource.options as { type: string; database?: string; url?: string; schema?: string };
  if (o.type === 'better-sqlite3') return { url: `sqlite:${o.database}` };
  if (o.type === 'postgres' && o.url) return { url: o.url, ...(o.schema ? { schema: o.schema } : {}) };
  throw new Error(`the CDR collector cannot open a second connection to a ${o.type} database`);
}

/**
 * The CDR collector: the drop folder and every configured SFTP source feed one
 * ingest worker thread; stored batches are announced as calls.stored; the
 * worker refreshes its directory and tariffs on directory.changed and
 * tariffs.reloaded.
 */
export function createCdrCollector(deps: CdrCollectorDeps): CdrCollector {
  const { config, log } = deps;
  const cdr = config.cdr;
  const readModel = createIngestStatusReadModel({ dataSource: deps.dataSource });
  const live: LiveIngestStatus = {
    enabled: cdr.enabled,
    sources: [],
    current: null,
    lastFile: null,
    problem: null,
    health: 'ok',
    quarantined: { files: 0, last: null },
  };
  const quarantinedFiles = deps.metrics ? registerIngestMetrics(deps.metrics, deps.dataSource) : null;
  const unsubscribe: Array<() => void> = [];
  let worker: ReturnType<typeof createIngestWorker> | null = null;
  let sources: FileSource[] = [];

  function ensureWorker() {
    if (worker) return worker;
    const database = databaseOf(deps.dataSource);
    if (database.url === 'sqlite::memory:')
      throw new Error(
        'CDR ingest needs a database file: an in-memory SQLite database cannot be shared with the ingest worker',
      );
    const directory = createDirectoryReadModel({ dataSource: deps.dataSource });
    worker = createIngestWorker({
      config,
      database,
      directory: () => directory.snapshot(),
      log: log.child({ module: 'cdr-ingest' }),
      onCallsStored: (event) => deps.events.emit('calls.stored', event),
      ...(deps.origin ? { origin: deps.origin } : {}),
    });
    return worker;
  }

  async function ingest(request: IngestFileRequest): Promise<FileIngestResult> {
    const w = ensureWorker();
    live.current = {
      source: request.source,
      name: request.name ?? request.path,
      startedAt: deps.clock.now(),
      progress: null,
    };
    try {
      const result = await w.ingest(request, (progress) => {
        if (live.current) live.current.progress = progress;
      });
      live.lastFile = {
        source: result.source,
        name: result.name,
        outcome: result.outcome,
        records: result.records,
        at: deps.clock.now(),
      };
      if (result.outcome === 'quarantined') {
        live.quarantined = {
          files: live.quarantined.files + 1,
          last: { source: result.source, name: result.name, reason: result.reason, at: deps.clock.now() },
        };
        live.health = 'degraded';
        quarantinedFiles?.inc();
      }
      return result;
    } finally {
      live.current = null;
    }
  }

  async function remembered(source: string, name: string, sizeBytes: number): Promise<boolean> {
    const p = deps.dataSource.options.type === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    const rows = (await deps.dataSource.query(
      `SELECT 1 AS found FROM cdr_files WHERE source = ${p[0]} AND name = ${p[1]} AND size_bytes = ` +
        `${p[2]} AND status <> 'processing'`,
      [source, name, sizeBytes],
    )) as unknown[];
    return rows.length > 0;
  }

  function buildSources(): FileSource[] {
    const retry = cdr.retry;
    const claim = deps.claim ? { claim: deps.claim } : {};
    const built: FileSource[] = [];
    if (cdr.dropFolder.enabled) {
      built.push(
        createDropFolderSource({
          settings: cdr.dropFolder,
          retry,
          ingest,
          ...claim,
          clock: deps.clock,
          log: log.child({ source: 'drop-folder' }),
        }),
      );
    }
    for (const settings of cdr.sftpSources) {
      built.push(
        createSftpSource({
          settings,
          stagingDir: cdr.stagingDir || join(config.general.dataDir, 'cdr-staging'),
          quarantineDir: cdr.quarantineDir || join(config.general.dataDir, 'cdr-quarantine'),
          connectTimeoutSeconds: cdr.connectTimeoutSeconds,
          retry,
          ingest,
          remembered,
          ...claim,
          clock: deps.clock,
          log,
        }),
      );
    }
    return built;
  }

  const liveNow = (): LiveIngestStatus => ({ ...live, sources: sources.map((s) => s.status()) });

  return {
    ingest,
    live: liveNow,
    async status(options) {
      return { ...(await readModel.status(options)), live: liveNow() };
    },
    async start() {
      unsubscribe.push(deps.events.on('directory.changed', () => worker?.directoryChanged()));
      unsubscribe.push(deps.events.on('tariffs.reloaded', () => worker?.tariffsReloaded()));
      if (!cdr.enabled) {
        log.info('CDR collection disabled (cdr.enabled = false)');
        return;
      }
      try {
        ensureWorker();
      } catch (err) {
        live.problem = (err as Error).message;
        log.error({ reason: live.problem }, 'CDR collector not started');
        return;
      }
      sources = buildSources();
      for (const source of sources) await source.start();
      log.info(
        { dropFolder: cdr.dropFolder.enabled ? cdr.dropFolder.path : null, sftp: cdr.sftpSources.map((s) => s.name) },
        'CDR collector started',
      );
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      const closing = worker?.close();
      await Promise.all(sources.map((s) => s.stop()));
      await closing;
      worker = null;
    },
  };
}
