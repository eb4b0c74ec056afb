import { createRetentionService, type RetentionService } from './retention/index.js';
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  createCdrCollector,
  createIngestStatusReadModel,
  fileLeaseName,
  readStoredCallSummaries,
  type CdrCollector,
} from '../cdr-collector/index.js';
import { createCurri, createTariffClassifier, curriLinesFromDirectory, type Curri } from '../curri/index.js';
import {
  createPhoneMetrics,
  createPhonePushService,
  createPhoneRouter,
  phoneReachableBaseUrl,
  type PhonePushService,
} from '../phone-services/index.js';
import { createAlarms, registerAlarmHandler, schedulerAlarmSchedules, type Alarms } from './alarms/index.js';
import { createAuditService, type AuditService } from './audit/index.js';
import {
  createAdminAccountService,
  createSignInThrottle,
  type AdminAccountService,
  type SignInThrottle,
} from './admin-accounts/index.js';
import {
  budgetSettingsFrom,
  createBudgetEngine,
  createBudgetReadModel,
  createBudgetService,
  type BudgetEngine,
  type BudgetReadModel,
  type BudgetService,
} from './budgets/index.js';
import { createChangeFeedWriter, createChangeListener, type ChangeFeedWriter } from './change-feed/index.js';
import { createCluster, type Cluster } from './cluster/index.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/index.js';
import {
  createCachedSnapshot,
  createDirectoryImportService,
  createDirectoryReadModel,
  type DirectoryImportService,
  type DirectoryReadModel,
} from './directory/index.js';
import {
  createDirectorySyncSchedule,
  createDirectorySyncService,
  type DirectorySyncService,
} from './directory-sync/index.js';
import { createEventBus, type EventBus } from './events/index.js';
import { createHttpApp, type HealthReport, type MountedRouter } from './http-app.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import { createLockService, createPinHasher, resolvePinHashSecret, type LockService } from './locks/index.js';
import { createOutboxService, loadTemplateCatalog, type OutboxService } from './notify/index.js';
import {
  createReportService,
  createSavedReportService,
  createSqliteReportReader,
  dataSourceReportDatabase,
  loadReportWriters,
  type ReportDatabase,
  type ReportService,
  type SavedReportService,
} from './reports/index.js';
import { deferSoapReportingRouter, SOAP_MOUNT } from './soap/index.js';
import { createLdapDirectory } from './ldap/index.js';
import {
  createLdapSignInSource,
  createViewerResolver,
  createWebAccountStore,
  createWebPortal,
  type ViewerResolver,
  type WebAccountStore,
  type WebPortal,
} from './web/index.js';
import { createScheduledReportService, type ScheduledReportService } from './scheduled-reports/index.js';
import { isLanguage, resolveLanguage } from './i18n/index.js';
import type { Viewer } from './viewer/index.js';
import { createDataSource, sqliteFileOf } from './store/index.js';
import { createScheduler, createScheduleService, type Scheduler, type ScheduleService } from './scheduler/index.js';
import {
  createCallRerater,
  createTariffPlansRouter,
  createTariffPlansService,
  type CallRerater,
  type TariffPlansService,
} from './tariff-plans/index.js';

export interface ComposeOptions {
  log: Logger;
  clock?: Clock;
  /** An open, migrated DataSource (tests); otherwise one is opened from config and migrated. */
  dataSource?: DataSource;
}

/** Everything the daemon is made of, built in order by composeTollgate. */
export interface Tollgate {
  config: Config;
  log: Logger;
  clock: Clock;
  dataSource: DataSource;
  events: EventBus;
  /**
   * Announces this process's changes (locks, directory, budgets, tariffs) to other processes; its origin names this
   * process.
   */
  changes: ChangeFeedWriter;
  /**
   * Several daemons on one database: this daemon's heartbeat, its leases (run-once jobs, CDR files), the cluster's
   * status.
   */
  cluster: Cluster;
  metrics: Registry;
  lifecycle: Lifecycle;
  directory: DirectoryReadModel;
  directoryImport: DirectoryImportService;
  /**
   * Directory sync from LDAP/AD and CUCM AXL (`tollgate directory sync`, and every directorySync.intervalMinutes in
   * the daemon).
   */
  directorySync: DirectorySyncService;
  /** The audit log of administrative and supervisor actions (every door records into it). */
  audit: AuditService;
  adminAccounts: AdminAccountService;
  /** Failed admin sign-ins per account and address (SOAP and the web share it). */
  signInThrottle: SignInThrottle;
  locks: LockService;
  phonePush: PhonePushService;
  /** The tariff book in use (`tariffPlans.book()`), reloaded on change. */
  tariffPlans: TariffPlansService;
  /** Re-rates stored calls after a plan change (`tollgate rerate`, POST /tariffs/rerate). */
  rerater: CallRerater;
  /**
   * Budget Control: the spend engine (daemon only), the service that manages budgets, and the read model of status
   * and history.
   */
  budgets: { engine: BudgetEngine; service: BudgetService; readModel: BudgetReadModel; outbox: OutboxService };
  /** CUCM External Call Control (CURRI): facts cache, decisions, recorder. */
  curri: Curri;
  /** CDR collection: drop folder and SFTP sources feeding the ingest worker thread, and the ingest status. */
  cdr: CdrCollector;
  /**
   * Reports: the engine over the rated calls and the saved reports; the SOAP reporting API serves them at
   * /soap/reporting.
   */
  reports: { engine: ReportService; saved: SavedReportService };
  /** Reports mailed on a schedule (the CLI's `schedule report` and the web's Scheduled Reports page). */
  scheduledReports: ScheduledReportService;
  /**
   * Schedules (reports, alarms): the service that manages them and the daemon's runner, where each kind registers
   * its handler.
   */
  scheduler: { schedules: ScheduleService; runner: Scheduler };
  /** Alarms (issue 17): scheduled alarms over the calls, event alarms (bursts, emergency calls), their history. */
  alarms: Alarms;
  /** The web portal under / (null when web.enabled is off). */
  web: WebPortal | null;
  /** Deletes rows past their retention (retention.* config); modules register their own tables with `register`. */
  retention: RetentionService;
  app: Express;
  /**
   * What the HTTP listener serves: CURRI on plain node:http (it answers every call attempt), everything else
   * through the app.
   */
  requestListener: RequestListener;
  /** Starts background work (collectors, schedulers). The HTTP listener is main.ts's. */
  start(): Promise<void>;
  /** Stops background work and closes the database (if composeTollgate opened it). */
  stop(): Promise<void>;
}

/** The composition root: each module's factory is called once, in dependency order, with only what it uses. */
export async function composeTollgate(config: Config, options: ComposeOptions): Promise<Tollgate> {
  const log = options.log;
  const clock = options.clock ?? systemClock;
  const ownsDataSource = options.dataSource === undefined;
  const dataSource =
    options.dataSource ?? createDataSource({ url: config.database.url, logQueries: config.database.logQueries, log });
  if (ownsDataSource) {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  }
  const events = createEventBus((event, err) => log.error({ err, event }, 'event listener failed'));
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const lifecycle = createLifecycle(log.child({ module: 'lifecycle' }));
  const routers: MountedRouter[] = [];
  const changes = createChangeFeedWriter({
    clock,
    origin: `${hostname().slice(0, 30)}:${process.pid}:${randomUUID().slice(0, 8)}`,
  });
  const cluster = createCluster({
    dataSource,
    clock,
    log,
    settings: config.cluster,
    daemon: { id: changes.origin, host: hostname(), pid: process.pid },
  });
  cluster.registerMetrics(metrics);
  // Started first and stopped last: leases are released only after the work they guard has stopped.
  lifecycle.add({ name: 'cluster', start: () => cluster.start(), stop: () => cluster.stop() });

  const directory = createDirectoryReadModel({ dataSource });
  const audit = createAuditService({ dataSource, clock });
  const sqliteFile = sqliteFileOf(dataSource);
  const dataDir = sqliteFile === undefined ? null : dirname(sqliteFile);
  const secret = await resolvePinHashSecret({
    configured: config.phone.pin.hashSecret,
    dataDir,
    dataSource,
    log: log.child({ module: 'locks' }),
  });
  const hasher = createPinHasher({ secret });
  const locks = createLockService({
    dataSource,
    lines: directory,
    events,
    clock,
    log,
    pin: config.phone.pin,
    hasher,
    audit,
    changes,
  });
  const provisionDefaultPin = async (lineId: number, pin: string) => {
    await locks.provisionPin({ lineId }, pin, { actor: 'directory-import', via: 'system', role: 'admin' });
  };
  const directoryImport = createDirectoryImportService({
    dataSource,
    events,
    log: log.child({ module: 'directory' }),
    provisionDefaultPin,
    changes,
  });
  const directorySync = wireDirectorySync();
  const phonePush = wirePhoneLock();
  const adminAccounts = createAdminAccountService({ dataSource, clock });
  const announceTariffs = () => dataSource.transaction((em) => changes.append(em, 'tariffs'));
  const signInThrottle = createSignInThrottle({ dataSource, clock, settings: config.auth.signIn });
  const tariffPlans = createTariffPlansService({
    settings: config.tariffs,
    events,
    log: log.child({ module: 'tariffs' }),
    clock,
    announce: announceTariffs,
  });
  const gatewaySites = async () => new Map((await directory.snapshot()).gateways.map((g) => [g.deviceName, g.site]));
  const rerater = createCallRerater({
    dataSource,
    events,
    log: log.child({ module: 'rerate' }),
    sites: config.sites,
    gatewaySites,
  });
  routers.push({ path: '/tariffs', router: createTariffPlansRouter(tariffPlans, rerater) });
  lifecycle.add({ name: 'rerate', stop: () => rerater.stop() });
  const scheduler = wireScheduler();
  let reportsAt: (now: Date) => ReportService = () => reports.engine;
  wireChangeListener();
  lifecycle.add({ name: 'tariff-plans', start: () => tariffPlans.start(), stop: () => tariffPlans.stop() });
  const budgets = wireBudgets();
  const curri = wireCurri();
  const cdr = wireCdr();
  const reports = await wireReports();
  const viewers = wireViewers();
  const scheduledReports = wireScheduledReports();
  const alarms = wireAlarms();
  const web = wireWeb();
  // The chart, spreadsheet and PDF libraries: a CLI command imports them only if it writes such a report; the
  // daemon at start, before the scheduler's first run and any request (src/lazy-module.ts).
  lifecycle.add({
    name: 'renderers',
    start: async () => {
      await Promise.all([loadReportWriters(), web?.loadRenderers()]);
    },
  });
  // Started last: the modules above have registered their kinds' handlers by now.
  lifecycle.add({ name: 'scheduler', start: () => scheduler.runner.start(), stop: () => scheduler.runner.stop() });

  const ingestStatus = createIngestStatusReadModel({ dataSource });
  const health = async (): Promise<HealthReport> => {
    let database: HealthReport['database'] = 'ok';
    let lastCdrIngestedAt: string | null = null;
    try {
      lastCdrIngestedAt = (await ingestStatus.lastCallIngestedAt())?.toISOString() ?? null;
    } catch {
      database = 'unreachable';
    }
    // The collector's sources (last error, failures in a row, next attempt) are in the body, not the status:
    // a dead SFTP server or a full disk stops ingest, not call control, and a 503 would take CURRI out of rotation.
    // The last directory sync (from the audit log, so one the CLI ran shows too); a failed sync never makes the
    // daemon unhealthy.
    const lastSync = database === 'ok' ? await directorySync.lastSync().catch(() => null) : null;
    const clusterStatus = database === 'ok' ? await cluster.status().catch(() => null) : null;
    const status = database === 'ok' ? 'ok' : 'degraded';
    return { status, database, lastCdrIngestedAt, cdr: cdr.live(), directorySync: lastSync, cluster: clusterStatus };
  };
  const app = createHttpApp({ log, metrics, health, routers });
  const requestListener: RequestListener = (req, res) => {
    if (!curri.handler(req, res)) app(req, res);
  };

  /** The web portal under / (mounted last: every other router answers its own paths first). */
  function wireWeb(): WebPortal | null {
    if (!config.web.enabled) return null;
    // Local passwords first, then the LDAP/AD bind (issue 15): a dead directory never blocks local accounts.
    const ldapLog = log.child({ module: 'ldap' });
    const extraSources = config.ldap.enabled
      ? [createLdapSignInSource({ ldap: createLdapDirectory(config.ldap, ldapLog), directory, log: ldapLog })]
      : [];
    const portal = createWebPortal({
      extraSources,
      settings: config.web,
      publicUrl: config.http.publicUrl,
      bodyLimitBytes: config.http.bodyLimitBytes,
      defaultLanguage: config.general.defaultLanguage,
      defaultTimeZone: config.general.timeZone,
      budgetTimeZone: budgetSettingsFrom(config).calendar.timeZone,
      pinLength: config.phone.pin.length,
      dataSource,
      clock,
      log,
      accounts: adminAccounts,
      webAccounts: viewers.webAccounts,
      resolveViewer: viewers.resolve,
      throttle: signInThrottle,
      directory,
      locks,
      budgets,
      audit,
      reports: {
        engine: reports.engine,
        saved: reports.saved,
        scheduled: scheduledReports,
        pdfFontFile: config.reports.pdfFontFile,
        privacy: config.reports.privacy,
      },
      events,
      outbox: budgets.outbox,
      alarms: alarms.service,
      // Alarm amounts are typed in the default tariff plans' currency, the one calls are rated in.
      alarmCurrency: tariffPlans.book().byCarrier.get('default')?.[0]?.currency ?? 'EUR',
    });
    routers.push({ path: '/', router: portal.router });
    let timer: NodeJS.Timeout | undefined;
    const sweep = () =>
      portal.sweepSessions().catch((err: unknown) => log.warn({ err }, 'could not remove expired web sessions'));
    lifecycle.add({
      name: 'web-sessions',
      start: async () => {
        await sweep();
        timer = setInterval(sweep, 15 * 60_000);
        timer.unref();
      },
      stop: () => clearInterval(timer),
    });
    return portal;
  }

  /**
   * Directory sync (LDAP/AD, CUCM AXL); its own interval timer in the daemon when directorySync.intervalMinutes is
   * set.
   */
  function wireDirectorySync(): DirectorySyncService {
    const settings = { ldap: config.ldap, sync: config.directorySync };
    const service = createDirectorySyncService({ dataSource, events, audit, clock, log, settings, changes });
    const by = { actor: 'directory-sync', role: 'admin', via: 'system' as const, from: hostname() };
    const intervalMinutes = config.directorySync.intervalMinutes;
    const runExclusive = cluster.runExclusive;
    const schedule = createDirectorySyncSchedule({ sync: service, intervalMinutes, by, log, runExclusive });
    lifecycle.add({ name: 'directory-sync', start: () => schedule.start(), stop: () => schedule.stop() });
    return service;
  }

  /**
   * Alarms over the report engine; e-mails through the budgets' outbox; bursts and emergency calls heard on the
   * bus.
   */
  function wireAlarms(): Alarms {
    const ingest = createIngestStatusReadModel({ dataSource });
    const module = createAlarms({
      dataSource,
      clock,
      log,
      config,
      reports: reports.engine,
      outbox: budgets.outbox,
      directory,
      lastRecordsAcquiredAt: () => ingest.lastRecordsAcquiredAt(),
      events,
      schedules: schedulerAlarmSchedules(scheduler.schedules, scheduler.runner),
      audit,
    });
    registerAlarmHandler(scheduler.runner, module.service);
    return module;
  }

  /**
   * Budget Control: e-mail outbox, spend engine (started before CURRI, which warms up from it), service and read
   * model.
   */
  function wireBudgets(): Tollgate['budgets'] {
    const outbox = createOutboxService({
      dataSource,
      smtp: config.smtp,
      clock,
      log,
      runExclusive: cluster.runExclusive,
    });
    const settings = budgetSettingsFrom(config);
    const templates = loadTemplateCatalog(config.smtp.templatesDir);
    const announceRenewal = () => dataSource.transaction((em) => changes.append(em, 'budgets'));
    const engine = createBudgetEngine({
      dataSource,
      events,
      clock,
      log,
      settings,
      directory,
      locks,
      outbox,
      templates,
      runExclusive: cluster.runExclusive,
      announceRenewal,
    });
    const service = createBudgetService({
      dataSource,
      clock,
      calendar: settings.calendar,
      directory,
      onChanged: () => engine.reload(),
      changes,
    });
    const { calendar, rules } = settings;
    // The web asks for budget statuses on every page view: the snapshot they index is cached until the directory
    // changes.
    const snapshots = createCachedSnapshot({ directory, events, clock, maxAgeMs: 10_000 });
    const readModel = createBudgetReadModel({
      dataSource,
      clock,
      calendar,
      rules,
      defaultLanguage: config.general.defaultLanguage,
      directory: snapshots,
      live: (id) => engine.live(id),
    });
    lifecycle.add({ name: 'notify-outbox', start: () => outbox.start(), stop: () => outbox.stop() });
    lifecycle.add({ name: 'budgets', start: () => engine.start(), stop: () => engine.stop() });
    return { engine, service, readModel, outbox };
  }

  /**
   * Schedules: the runner sleeps until the earliest next run; the service wakes it (and other daemons, through the
   * change feed).
   */
  function wireScheduler(): Tollgate['scheduler'] {
    let runner: Scheduler | null = null;
    const schedules = createScheduleService({ dataSource, clock, changes, onChanged: () => runner?.changed() });
    runner = createScheduler({
      dataSource,
      clock,
      log,
      origin: changes.origin,
      leaseMs: config.scheduler.leaseSeconds * 1000,
      concurrency: config.scheduler.concurrency,
    });
    return { schedules, runner };
  }

  /**
   * Phone Lock: the /phone service and notices pushed to phones (also for lock changes other processes made: see
   * wireChangeListener).
   */
  function wirePhoneLock(): PhonePushService {
    const { phone, general, http } = config;
    const phoneMetrics = createPhoneMetrics(metrics);
    const timeZoneOf = (site: string | null) => config.sites[site ?? 'default']?.timeZone ?? general.timeZone;
    const phoneDeps = {
      directory,
      locks,
      log,
      clock,
      metrics: phoneMetrics,
      pinLength: phone.pin.length,
      defaultLanguage: general.defaultLanguage,
      timeZoneOf,
    };
    routers.push({
      path: '/phone',
      router: createPhoneRouter({ ...phoneDeps, publicUrl: http.publicUrl, push: phone.push }),
      requestLogging: false,
    });
    const push = createPhonePushService({
      directory,
      events,
      log,
      metrics: phoneMetrics,
      push: phone.push,
      publicBaseUrl: () => phoneReachableBaseUrl(http),
    });
    lifecycle.add({ name: 'phone-push', start: () => push.start(), stop: () => push.stop() });
    return push;
  }

  /**
   * Changes other processes (the CLI, another daemon) commit reach each topic's owner here, within a second;
   * it starts before the modules load their state, so nothing committed between the two is missed.
   */
  function wireChangeListener(): void {
    const listener = createChangeListener({
      dataSource,
      origin: changes.origin,
      clock,
      log,
      handlers: {
        locks: async (changed) => {
          await locks.publishChangedLines(changed.flatMap((c) => c.payload.lineIds ?? []));
        },
        directory: () => events.emit('directory.changed', { source: 'another process' }),
        budgets: () => budgets.engine.reload(),
        tariffs: async () => {
          await tariffPlans.reload({ announce: false });
        },
        // Calls another daemon (or `tollgate ingest`) stored: their spend counts here as if stored here.
        calls: async (changed, resync) => {
          const ids = changed.flatMap((c) => c.payload.callIds ?? []);
          if (ids.length > 0)
            events.emit('calls.stored', {
              fileName: '(stored by another process)',
              calls: await readStoredCallSummaries(dataSource, ids),
            });
          if (resync) await budgets.engine.reconcile();
        },
        schedules: () => scheduler.runner.changed(),
      },
      onHandled: (position, delayMs) => cluster.feedHandled(position, delayMs),
    });
    lifecycle.add({ name: 'change-feed', start: () => listener.start(), stop: () => listener.stop() });
  }

  /**
   * CURRI: decisions from in-memory facts warmed from the directory, locks and budgets, then kept current by their
   * events.
   */
  function wireCurri(): Curri {
    const module = createCurri({
      config,
      events,
      clock,
      log,
      metrics,
      dataSource,
      sources: {
        loadLines: async () => curriLinesFromDirectory(await directory.snapshot()),
        loadLocks: async () =>
          (await locks.lockedLines()).map((state) => ({ lineId: state.lineId, kinds: state.kinds })),
        loadExhaustedBudgets: () => budgets.engine.exhaustedBudgets(),
      },
      classify: createTariffClassifier(() => tariffPlans.book().overrides),
    });
    routers.push({ path: '/', router: module.router, requestLogging: false });
    lifecycle.add({ name: 'curri', start: () => module.start(), stop: () => module.stop() });
    return module;
  }

  /**
   * CDR collection: sources feed one ingest worker thread; each committed batch is published as calls.stored
   * (budgets listen).
   */
  function wireCdr(): CdrCollector {
    const claim = async (source: string, name: string) => cluster.leases.claim(fileLeaseName(source, name));
    const collector = createCdrCollector({
      config,
      dataSource,
      events,
      log: log.child({ module: 'cdr' }),
      clock,
      metrics,
      origin: changes.origin,
      claim,
    });
    lifecycle.add({ name: 'cdr-collector', start: () => collector.start(), stop: () => collector.stop() });
    return collector;
  }

  /** Who a web session or a report's owner is: built once, for the portal and for scheduled reports. */
  function wireViewers(): { webAccounts: WebAccountStore; resolve: ViewerResolver } {
    const webAccounts = createWebAccountStore({ dataSource, clock });
    const resolve = createViewerResolver({
      accounts: adminAccounts,
      webAccounts,
      directory,
      defaultLanguage: config.general.defaultLanguage,
      timeZoneOf: (site) => config.sites[site ?? 'default']?.timeZone ?? config.general.timeZone,
      isLanguage,
    });
    return { webAccounts, resolve };
  }

  /**
   * Scheduled reports run in their owner's scope: the owner is resolved as the web resolves a session (or 'cli',
   * the operator).
   */
  function wireScheduledReports(): ScheduledReportService {
    const resolve = viewers.resolve;
    const operator: Viewer = {
      name: 'cli',
      username: 'cli',
      userId: null,
      role: 'admin',
      departments: [],
      language: config.general.defaultLanguage,
      timeZone: config.general.timeZone,
    };
    return createScheduledReportService({
      dataSource,
      reportsAt: (now) => reportsAt(now),
      saved: reports.saved,
      outbox: budgets.outbox,
      directory,
      // An owner's role is what their admin account or their last LDAP sign-in granted (the grant is kept per person).
      resolveOwner: (username) =>
        username === 'cli' ? Promise.resolve(operator) : resolve({ username, source: 'ldap' }),
      defaultLanguage: resolveLanguage(config.general.defaultLanguage, 'en'),
      pdfFontFile: config.reports.pdfFontFile,
      schedules: scheduler.schedules,
      scheduler: scheduler.runner,
      audit,
    });
  }

  /** Reports: one engine for the CLI, SOAP and web; the SOAP API checks its callers against the admin accounts. */
  async function wireReports(): Promise<Tollgate['reports']> {
    // On a SQLite file, report queries run in reader threads: long ones must not hold the event loop CURRI answers on.
    const file = sqliteFileOf(dataSource);
    let db: ReportDatabase = dataSourceReportDatabase(dataSource);
    if (file !== undefined) {
      const reader = createSqliteReportReader({ path: file, log, threads: config.reports.readerThreads });
      lifecycle.add({ name: 'report-reader', stop: () => reader.close() });
      db = reader;
    }
    const engineWith = (engineClock: Clock) =>
      createReportService({
        db,
        clock: engineClock,
        config: {
          reports: config.reports,
          defaultTimeZone: config.general.timeZone,
          siteCountries: Object.fromEntries(Object.entries(config.sites).map(([name, site]) => [name, site.country])),
        },
        logger: log,
      });
    const engine = engineWith(clock);
    reportsAt = (now) => engineWith({ now: () => now });
    const saved = createSavedReportService({ dataSource, clock });
    const soap = deferSoapReportingRouter({
      reports: engine,
      accounts: adminAccounts,
      signIn: signInThrottle,
      directory,
      locks,
      budgets: budgets.readModel,
      ingest: cdr,
      log,
      publicUrl: config.http.publicUrl,
      bodyLimitBytes: config.http.bodyLimitBytes,
    });
    // The SOAP edge logs one line per call itself: client faults at info/warn, server faults at error with the real
    // error.
    routers.push({ path: SOAP_MOUNT, router: soap.router, requestLogging: false });
    // Built at start, not composed: a CLI command never loads the soap library (src/lazy-module.ts).
    lifecycle.add({ name: 'soap', start: soap.ready });
    return { engine, saved };
  }

  const retention = createRetentionService({ dataSource, config: config.retention, clock, log });
  lifecycle.add({ name: 'retention', start: () => retention.start(), stop: () => retention.stop() });

  return {
    config,
    log,
    clock,
    dataSource,
    events,
    changes,
    cluster,
    metrics,
    lifecycle,
    directory,
    directoryImport,
    directorySync,
    audit,
    adminAccounts,
    signInThrottle,
    locks,
    phonePush,
    tariffPlans,
    rerater,
    budgets,
    curri,
    cdr,
    reports,
    scheduler,
    scheduledReports,
    alarms,
    web,
    retention,
    app,
    requestListener,
    start: () => lifecycle.startAll(),
    async stop() {
      await lifecycle.stopAll();
      if (ownsDataSource && dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
