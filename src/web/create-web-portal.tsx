import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AdminAccountService, SignInThrottle } from '../admin-accounts/index.js';
import { createViewerAuditQueries, type AuditService } from '../audit/index.js';
import type { BudgetReadModel, BudgetService } from '../budgets/index.js';
import type { Clock } from '../clock.js';
import type { DirectoryReadModel } from '../directory/index.js';
import type { EventBus } from '../events/index.js';
import { createCallsVersion } from './analytics/calls-version.js';
import { createDashboardLayoutStore } from './analytics/dashboard-layout-store.js';
import { createMyCalls } from './analytics/my-calls.js';
import { createChartRenderer } from './analytics/render-chart-svg.js';
import { loadBudgetWorkbookWriter } from './budget-export.js';
import { createReportHistory, type ReportHistory } from './analytics/report-history.js';
import { createWidgetCache } from './analytics/widget-cache.js';
import { AppError, NotFoundError } from '../errors/index.js';
import type { LockService } from '../locks/index.js';
import type { OutboxService } from '../notify/index.js';
import type { PrivacySettings, ReportService, SavedReportService } from '../reports/index.js';
import { createLocalSignInSource } from './auth/local-sign-in-source.js';
import { firstMatchingSource, type SignInSource } from './auth/sign-in-source.js';
import type { ViewerResolver } from './auth/viewer-resolver.js';
import type { WebAccountStore } from './auth/web-account-store.js';
import { createWebPasswords } from './auth/web-passwords.js';
import { assertCsrfToken, assertSameOrigin } from './csrf.js';
import { ErrorPage } from './pages/error-page.js';
import { sendPage } from './render-page.js';
import { addAccountRoutes } from './routes/account-routes.js';
import { addAuditRoutes } from './routes/audit-routes.js';
import { addAlarmRoutes } from './routes/alarm-routes.js';
import type { AlarmService } from '../alarms/index.js';
import { addAuthRoutes, sessionTokenOf } from './routes/auth-routes.js';
import { addBudgetRoutes } from './routes/budget-routes.js';
import { addDashboardRoutes } from './routes/dashboard-routes.js';
import { addGadgetRoutes } from './routes/gadget-routes.js';
import { addHomeRoutes } from './routes/home-routes.js';
import { addPhoneLockRoutes } from './routes/phone-lock-routes.js';
import { addScheduledReportRoutes } from './routes/scheduled-report-routes.js';
import type { ScheduledReportService } from '../scheduled-reports/index.js';
import { addReportRoutes } from './routes/report-routes.js';
import { createSessionStore } from './session/session-store.js';
import { loadWebAssets } from './web-assets.js';
import { pageContext, requestState, setRequestState } from './web-request.js';

export interface WebPortalSettings {
  session: { idleMinutes: number; absoluteHours: number; gadget?: { idleHours: number; absoluteDays: number } };
  frameAncestors: string[];
  pageSize: number;
}

export interface WebPortalDeps {
  settings: WebPortalSettings;
  publicUrl: string;
  bodyLimitBytes: number;
  defaultLanguage: string;
  defaultTimeZone: string;
  /** The budget calendar's time zone (its periods start at its midnights); the default time zone if not given. */
  budgetTimeZone?: string;
  pinLength: number;
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  accounts: AdminAccountService;
  /** The web's own passwords and preferences, shared with whoever else resolves viewers (scheduled reports). */
  webAccounts: WebAccountStore;
  /** Who a session is now; the same resolver scheduled reports use for their owners. */
  resolveViewer: ViewerResolver;
  throttle: SignInThrottle;
  directory: DirectoryReadModel;
  locks: LockService;
  budgets: { readModel: BudgetReadModel; service: BudgetService };
  audit: AuditService;
  /**
   * The report engine (Home, Dashboard, gadgets and Interactive Reports ask it, in the viewer's scope), the saved
   * and the scheduled reports, the PDF font (reports.pdfFontFile) and the privacy settings.
   */
  reports: {
    engine: ReportService;
    saved: SavedReportService;
    scheduled: ScheduledReportService;
    pdfFontFile: string;
    privacy: PrivacySettings;
  };
  /** `calls.stored` tells Home's live list to redraw. */
  events: Pick<EventBus, 'on'>;
  /** Reports sent by e-mail go through the notification outbox. */
  outbox: Pick<OutboxService, 'enqueue' | 'kick'>;
  /** Create Alarm and Scheduled Alarms; the pages are absent without it. */
  alarms?: AlarmService;
  /** The currency alarm amounts are typed in (default EUR). */
  alarmCurrency?: string;
  /** More sign-in sources tried after the local one (LDAP plugs in here). */
  extraSources?: SignInSource[];
}

export interface WebPortal {
  router: RequestHandler;
  /** Removes expired sessions. */
  sweepSessions(): Promise<number>;
  /** Sets a person's local password as the server's operator (the Users page does it for administrators). */
  setPassword(username: string, password: string): Promise<void>;
  /** Report runs Home lists as the viewer's report history: report pages record each run here. */
  reportHistory: ReportHistory;
  /** Imports the chart and workbook libraries now (the daemon does at start: no request waits on them). */
  loadRenderers(): Promise<void>;
}

/** Paths anyone may open: the sign-in page, the first-run page and the assets. */
const publicPaths = new Set(['/sign-in', '/welcome']);

/**
 * The portal's sections (first path segment, '' for `/`). Any other path is not the portal's: it leaves
 * the router untouched (no sign-in redirect, no CSRF check), so an API client gets the app's JSON 404.
 */
const portalSections = new Set([
  ...['', 'account', 'alarms', 'audit', 'budgets', 'dashboard', 'gadgets', 'home', 'phone-lock', 'reports'],
  ...['audit.csv', 'sign-in', 'sign-out', 'welcome'],
]);

function isPortalPath(path: string): boolean {
  return portalSections.has(path.split('/')[1] ?? '');
}

/**
 * The web portal under `/`: server-rendered pages (preact), progressive enhancement with htmx, sessions in the
 * database.
 */
export function createWebPortal(deps: WebPortalDeps): WebPortal {
  const log = deps.log.child({ module: 'web' });
  const assets = loadWebAssets();
  const { webAccounts, resolveViewer } = deps;
  const local = createLocalSignInSource({ accounts: deps.accounts, webAccounts, directory: deps.directory });
  const source = firstMatchingSource([local, ...(deps.extraSources ?? [])]);
  const sessions = createSessionStore({
    dataSource: deps.dataSource,
    clock: deps.clock,
    settings: deps.settings.session,
  });
  const passwords = createWebPasswords({ accounts: deps.accounts, webAccounts, directory: deps.directory, local });
  const defaults = {
    language: deps.defaultLanguage,
    timeZone: deps.defaultTimeZone,
    calendarTimeZone: deps.budgetTimeZone ?? deps.defaultTimeZone,
  };
  const context = (req: Request) => pageContext(req, assets.urls, defaults);
  let administratorExists = false;
  const myCalls = createMyCalls({ reports: deps.reports.engine, clock: deps.clock });
  const reportHistory = createReportHistory({ dataSource: deps.dataSource, clock: deps.clock });
  const charts = createChartRenderer();
  const draw = charts.draw;
  const callsVersion = createCallsVersion(deps.events);

  const router: Router = express.Router();
  router.use(assets.handler);
  router.use((req, _res, next) => next(isPortalPath(req.path) ? undefined : 'router'));
  const frameAncestors = deps.settings.frameAncestors.length > 0 ? deps.settings.frameAncestors : ["'none'"];
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          frameAncestors,
        },
      },
      frameguard: deps.settings.frameAncestors.length > 0 ? false : { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: deps.publicUrl.startsWith('https:'),
    }),
  );
  router.use(express.urlencoded({ extended: false, limit: deps.bodyLimitBytes }));
  router.use(async (req, _res, next) => {
    const token = sessionTokenOf(req);
    const session = token ? await sessions.find(token) : null;
    const viewer = session ? await resolveViewer(session) : null;
    setRequestState(req, { session: viewer ? session : null, viewer });
    next();
  });
  router.use(async (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    assertSameOrigin(req);
    const { session } = requestState(req);
    if (session) assertCsrfToken(req, session.csrfSecret);
    next();
  });
  router.use(async (req, res, next) => {
    if (!administratorExists) administratorExists = await deps.accounts.hasAdministrator();
    if (!administratorExists && req.method === 'GET' && req.path !== '/welcome') return res.redirect(303, '/welcome');
    if (publicPaths.has(req.path) || requestState(req).viewer) return next();
    if (req.method === 'GET') return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    res.redirect(303, '/sign-in');
  });
  // Pages draw charts synchronously: echarts must be in before any route runs (the daemon imports it at start).
  router.use((_req, _res, next) => {
    charts.ready().then(() => next(), next);
  });
  addScheduledReportRoutes(router, { context, scheduled: deps.reports.scheduled, saved: deps.reports.saved });
  const httpsPublicUrl = deps.publicUrl.startsWith('https:');
  addAuthRoutes(router, { context, source, throttle: deps.throttle, sessions, webAccounts, log, httpsPublicUrl });
  addHomeRoutes(router, {
    context,
    directory: deps.directory,
    accounts: deps.accounts,
    myCalls,
    callsVersion,
    savedReports: deps.reports.saved,
    history: reportHistory,
  });
  const layouts = createDashboardLayoutStore({ dataSource: deps.dataSource, clock: deps.clock });
  const cache = createWidgetCache({ version: callsVersion, now: () => deps.clock.now().getTime() });
  addDashboardRoutes(router, { context, reports: deps.reports.engine, myCalls, layouts, draw, cache });
  addGadgetRoutes(router, {
    context,
    myCalls,
    locks: deps.locks,
    directory: deps.directory,
    budgets: deps.budgets,
    draw,
  });
  addAccountRoutes(router, { context, passwords, webAccounts });
  addPhoneLockRoutes(router, {
    context,
    locks: deps.locks,
    directory: deps.directory,
    passwords,
    audit: deps.audit,
    pinLength: deps.pinLength,
    pageSize: deps.settings.pageSize,
  });
  addBudgetRoutes(router, { context, budgets: deps.budgets, directory: deps.directory, audit: deps.audit });
  const reportPages = {
    reports: deps.reports,
    outbox: deps.outbox,
    dataSource: deps.dataSource,
    directory: deps.directory,
    clock: deps.clock,
  };
  addReportRoutes(router, { context, ...reportPages, pageSize: deps.settings.pageSize, history: reportHistory });
  addAuditRoutes(router, { context, audit: createViewerAuditQueries(deps.audit), pageSize: deps.settings.pageSize });
  if (deps.alarms) addAlarmRoutes(router, { context, alarms: deps.alarms, currency: deps.alarmCurrency ?? 'EUR' });
  router.use((req, _res, next) =>
    next(requestState(req).viewer ? new NotFoundError(`no page ${req.path}`) : undefined),
  );
  router.use(htmlErrors(log, context));
  const operator = {
    name: 'operator',
    username: 'operator',
    userId: null,
    role: 'admin',
    departments: [],
    language: 'en',
    timeZone: 'UTC',
  } as const;
  return {
    router,
    sweepSessions: () => sessions.sweep(),
    setPassword: (username, password) => passwords.setFor({ ...operator, departments: [] }, username, password),
    reportHistory,
    loadRenderers: async () => {
      await Promise.all([charts.ready(), loadBudgetWorkbookWriter()]);
    },
  };
}

/** Errors of the portal's pages as HTML pages in the viewer's language (the rest of the app answers JSON). */
function htmlErrors(log: Logger, context: (req: Request) => ReturnType<typeof pageContext>): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = err instanceof AppError ? err.httpStatus : typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) log.error({ err, url: req.url }, 'web request failed');
    else log.info({ url: req.url, status, code: err?.code }, 'web request refused');
    sendPage(res, <ErrorPage ctx={context(req)} status={status} />, status);
  };
}
