import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config/index.js';
import type { EventBus } from '../src/events/index.js';
import type { DestinationClassifier } from './call-destination.js';
import { createTariffClassifier } from './classify-with-tariffs.js';
import { createCurriClientGate } from './curri-client-gate.js';
import { createCurriFactsCache, type CurriFactsCache, type CurriFactSources } from './curri-facts-cache.js';
import { createCurriHttpHandler, type CurriHttpHandler } from './curri-http-handler.js';
import { startCurriHttpsListener, type CurriHttpsListener } from './curri-https-listener.js';
import { createCurriMetrics } from './curri-metrics.js';
import { compileCurriPolicy } from './curri-policy.js';
import { createCurriRouter } from './curri-router.js';
import { createCurriService, type CurriService } from './curri-service.js';
import { createDecisionRecorder, type DecisionRecorder } from './decision-recorder.js';
import { createDecisionWriter } from './decision-writer.js';

export interface CurriDeps {
  config: Pick<Config, 'curri' | 'sites'>;
  events: EventBus;
  clock: Clock;
  log: Logger;
  metrics: Registry;
  dataSource: DataSource;
  sources: CurriFactSources;
  /** Defaults to the tariff module's classification without overrides. */
  classify?: DestinationClassifier;
}

export interface Curri {
  facts: CurriFactsCache;
  service: CurriService;
  recorder: DecisionRecorder;
  /**
   * The CURRI edge on node:http for the main port: put it in front of Express
   * (returns false for other paths). It refuses (403) what curri.plainHttp and
   * curri.allowedClients do not admit.
   */
  handler: CurriHttpHandler;
  /** The same edge as an Express router. */
  router: ReturnType<typeof createCurriRouter>;
  /** Loads the facts, starts the recorder and the optional HTTPS listener. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The HTTPS listener's port once started, else null. */
  httpsPort(): number | null;
}

/** Builds CURRI call control from the configuration and the modules it reads. */
export function createCurri(deps: CurriDeps): Curri {
  const log = deps.log.child({ module: 'curri' });
  const settings = deps.config.curri;
  const policy = compileCurriPolicy(settings, deps.config.sites);
  const facts = createCurriFactsCache({ events: deps.events, sources: deps.sources, logger: log });
  const metrics = createCurriMetrics({ registry: deps.metrics, factsReady: () => facts.ready });
  const writer = createDecisionWriter(deps.dataSource);
  const recorder = createDecisionRecorder({
    write: (records) => writer.write(records),
    logger: log,
    flushIntervalMs: settings.recorder.flushIntervalMs,
    batchSize: settings.recorder.batchSize,
    maxQueued: settings.recorder.maxQueued,
    onDropped: (count) => metrics.recordsDropped(count),
  });
  const service = createCurriService({
    policy,
    facts,
    classify: deps.classify ?? createTariffClassifier(),
    clock: deps.clock,
    recorder,
    metrics,
    events: deps.events,
    logger: log,
    render: { rejectAnnouncementElement: settings.announcements.rejectElement },
    deadlineMs: settings.deadlineMs,
    logPermits: settings.logPermits,
  });
  const edgeSettings = { service, maxBodyBytes: settings.maxBodyBytes, deadlineMs: settings.deadlineMs, log };
  // The main port's edge answers only the clients curri.plainHttp and curri.allowedClients admit;
  // the HTTPS listener's is guarded by mutual TLS.
  const clients = createCurriClientGate(settings, { log, now: () => deps.clock.now().getTime() });
  const plainEdge = createCurriHttpHandler({ ...edgeSettings, clients });
  const httpsEdge = createCurriHttpHandler(edgeSettings);
  // Disabled: the paths are left to the app (404), and nothing is loaded or listened on.
  const handler: CurriHttpHandler = settings.enabled ? plainEdge : () => false;
  let https: CurriHttpsListener | null = null;
  return {
    facts,
    service,
    recorder,
    handler,
    router: createCurriRouter(handler),
    async start() {
      if (!settings.enabled) return;
      await facts.warmUp();
      if (!facts.ready)
        log.warn(
          'CURRI facts not loaded yet: answering the failure decision (emergency numbers permitted) until they are',
        );
      recorder.start();
      if (settings.https.enabled) {
        https = await startCurriHttpsListener({ settings, handler: httpsEdge, logger: log });
      }
    },
    async stop() {
      await https?.close();
      https = null;
      facts.close();
      await recorder.stop();
      await writer.close();
    },
    httpsPort: () => https?.port ?? null,
  };
}
