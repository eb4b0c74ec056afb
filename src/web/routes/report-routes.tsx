import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Request, Response, Router } from 'express';
import { renderToString } from 'preact-render-to-string';
import type { DataSource } from 'typeorm';
import type { ReportHistory } from '../analytics/report-history.js';
import type { Clock } from '../../clock.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import { AppError, BadInputError, NotFoundError } from '../../errors/index.js';
import type { OutboxService } from '../../notify/index.js';
import {
  buildReportTable,
  builtinReports,
  callListColumns,
  parseReportOptions,
  reportFormatTypes,
  revealsNumbers,
  writeReport,
  type PrivacySettings,
  type ReportOptions,
  type ReportService,
  type SavedReport,
  type SavedReportService,
} from '../../reports/index.js';
import type { Viewer } from '../../viewer/index.js';
import { builtinKeys, kindKeys } from '../components/report-texts.js';
import { ReportResultTable, ReportTotals } from '../components/report-result-table.js';
import type { PageContext } from '../page-context.js';
import { ReportRunPage } from '../pages/report-run-page.js';
import { ReportsCataloguePage } from '../pages/reports-catalogue-page.js';
import { ReportTotalsPage } from '../pages/report-totals-page.js';
import { sendFragment, sendPage } from '../render-page.js';
import { optionsFromQuery, queryOf } from '../report-query.js';
import { callListTotals, emptyView, reportView } from '../report-view.js';
import { callListPageOf, isBareCallListPage } from '../call-cursor-param.js';
import { redirectAfterChange, viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface ReportRouteDeps extends WebPageDeps {
  reports: { engine: ReportService; saved: SavedReportService; pdfFontFile: string; privacy: PrivacySettings };
  outbox: Pick<OutboxService, 'enqueue' | 'kick'>;
  dataSource: DataSource;
  directory: DirectoryReadModel;
  clock: Clock;
  pageSize: number;
  /** Each report run from these pages is kept as the viewer's report history, which Home lists. */
  history: Pick<ReportHistory, 'record'>;
}

interface Requested {
  options: ReportOptions;
  heading: string;
  /** The form opens by itself for a new report or refused options. */
  edit: boolean;
}

const exportFormats = ['csv', 'xlsx', 'pdf'] as const;
const mailFormats = ['xlsx', 'pdf'] as const;
const PREVIEW_ROWS = 5;
const PREVIEW_COLUMNS = 4;
const MAX_RECIPIENTS = 10;

const text = (v: unknown): string =>
  (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim();
const pageOf = (req: Request) => (/^[1-9]\d{0,6}$/.test(text(req.query.page)) ? Number(text(req.query.page)) : 1);

/** A file name for a download or an attachment: the title's letters and digits, else "report". */
function fileName(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'report'}.${extension}`;
}

async function renderToBuffer(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await write(out);
  return Buffer.concat(chunks);
}

/**
 * Interactive Reports (user guide §2.3): catalogue, run with options, exports, Save, Send by e-mail; the engine
 * applies the viewer's scope.
 */
export function addReportRoutes(router: Router, deps: ReportRouteDeps): void {
  const { engine, saved } = deps.reports;
  const builtins = new Map(builtinReports.map((b) => [b.name, b]));

  function headingOf(ctx: PageContext, options: ReportOptions): string {
    return options.title || ctx.t(kindKeys[options.kind]!);
  }

  /**
   * "My calls to or from a number" (the Home page links numbers here). A viewer who sees numbers masked
   * selects by the digits they see (the engine refuses an exact match on hidden digits).
   */
  function numberReport(ctx: PageContext, viewer: Viewer, number: string): Requested {
    const { privacy } = deps.reports;
    let hidden = number.indexOf('*');
    if (hidden < 0 && !revealsNumbers(viewer, privacy)) {
      const digits = [...number.matchAll(/\d/g)].map((m) => m.index);
      hidden = digits[Math.max(0, digits.length - privacy.maskDigits)] ?? number.length;
    }
    const yearAgo = new Date(deps.clock.now().getTime() - 366 * 86_400_000).toISOString().slice(0, 10);
    const options = parseReportOptions({
      kind: 'calls',
      period: { from: yearAgo },
      number:
        hidden >= 0 ? { match: 'startsWith', value: number.slice(0, hidden) } : { match: 'equals', value: number },
      ...(viewer.userId !== null ? { users: [viewer.username] } : {}),
      sort: [{ field: 'startedAt', descending: true }],
      totals: true,
    });
    return { options, heading: ctx.t('interactiveReports.numberTitle', { number }), edit: false };
  }

  function requested(req: Request, ctx: PageContext): Requested {
    const q = req.query as Record<string, unknown>;
    if (text(q.run) === '1') {
      const options = optionsFromQuery(q);
      return { options, heading: headingOf(ctx, options), edit: false };
    }
    const name = text(q.report);
    if (name) {
      const builtin = builtins.get(name);
      if (!builtin) throw new NotFoundError(`no built-in report named "${name}"`);
      return { options: parseReportOptions(builtin.options), heading: ctx.t(builtinKeys[name]!.title), edit: false };
    }
    if (text(q.number)) return numberReport(ctx, viewerOf(req), text(q.number));
    const options = parseReportOptions({
      kind: 'calls',
      period: { preset: 'today' },
      sort: [{ field: 'startedAt', descending: true }],
      totals: true,
    });
    return { options, heading: headingOf(ctx, options), edit: true };
  }

  async function mailToOf(viewer: Viewer): Promise<string> {
    return viewer.userId === null ? '' : ((await deps.directory.userById(viewer.userId))?.email ?? '');
  }

  /** Runs the report and shows it; options or a run the engine refuses show its message above the form. */
  async function runPage(
    req: Request,
    res: Response,
    make: (ctx: PageContext) => Promise<Requested> | Requested,
    extra: { notice?: string; error?: string } = {},
  ) {
    const ctx = deps.context(req);
    const viewer = viewerOf(req);
    const mailTo = await mailToOf(viewer);
    let r: Requested;
    try {
      r = await make(ctx);
    } catch (err) {
      if (!(err instanceof BadInputError)) throw err;
      const options = parseReportOptions({ kind: 'calls' });
      const props = {
        heading: headingOf(ctx, options),
        options,
        view: null,
        query: queryOf(options).toString(),
        mailTo,
        optionsOpen: true,
        error: err.message,
      };
      return sendPage(res, <ReportRunPage ctx={ctx} props={props} />, 400);
    }
    // An old bookmark's ?page=N of a call list: its first page, whose links carry cursors (no offset is read).
    if (!extra.error && isBareCallListPage(pageOf(req), req.query, r.options)) return res.redirect(303, firstPage(req));
    const query = queryOf(r.options).toString();
    const base = { heading: r.heading, options: r.options, query, mailTo, ...extra };
    try {
      const view = await reportView(
        engine,
        r.options,
        viewer,
        callListPageOf(pageOf(req), req.query, r.options, deps.pageSize),
      );
      const status = extra.error ? 400 : 200;
      if (pageOf(req) === 1 && !extra.error) await recordRun(viewer, r.heading, req);
      sendPage(
        res,
        <ReportRunPage ctx={ctx} props={{ ...base, view, optionsOpen: r.edit || text(req.query.edit) === '1' }} />,
        status,
      );
    } catch (err) {
      if (!(err instanceof BadInputError)) throw err;
      sendPage(
        res,
        <ReportRunPage ctx={ctx} props={{ ...base, view: null, optionsOpen: true, error: err.message }} />,
        400,
      );
    }
  }

  /** The same address without the parameters named: its page, cursors or one-off notices. */
  function addressWithout(req: Request, names: string[]): string {
    const url = new URL(req.originalUrl, 'http://portal');
    for (const name of names) url.searchParams.delete(name);
    return `${url.pathname}${url.search}`;
  }
  const firstPage = (req: Request) => addressWithout(req, ['page', 'after', 'before']);

  /** The run as Home offers it again: the same address, first page, without one-off notices. */
  async function recordRun(viewer: Viewer, title: string, req: Request): Promise<void> {
    const href = addressWithout(req, ['done', 'page', 'edit']);
    await deps.history.record(viewer.username, { title, href }).catch(() => undefined);
  }

  const savedIdOf = (req: Request) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('no such report');
    return id;
  };
  const savedRequested = (report: SavedReport): Requested => ({
    options: report.options,
    heading: report.name,
    edit: false,
  });

  router.get('/reports/interactive', async (req, res) => {
    const ctx = deps.context(req);
    const notice = text(req.query.done) === 'removed' ? ctx.t('interactiveReports.removed') : undefined;
    sendPage(
      res,
      <ReportsCataloguePage
        ctx={ctx}
        props={{ reports: await saved.list(viewerOf(req)), ...(notice ? { notice } : {}) }}
      />,
    );
  });

  router.get('/reports/interactive/preview', async (req, res) => {
    const ctx = deps.context(req);
    const viewer = viewerOf(req);
    const id = Number(text(req.query.saved));
    const report = text(req.query.saved) ? await saved.findById(id, viewer) : null;
    const r = report ? savedRequested(report) : requested(req, ctx);
    const view = await reportView(engine, r.options, viewer, { page: 1, pageSize: PREVIEW_ROWS });
    const small = { ...view, columns: view.columns.slice(0, PREVIEW_COLUMNS), totals: [], totalsPending: false };
    const html =
      view.rows.length === 0 ? (
        <p class="muted">{ctx.t('interactiveReports.result.none')}</p>
      ) : (
        <>
          <ReportResultTable
            ctx={ctx}
            view={small}
            options={r.options}
            caption={`${ctx.t('interactiveReports.preview')}: ${r.heading}`}
          />
          <p class="hint">{ctx.t('interactiveReports.previewNote')}</p>
        </>
      );
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.send(renderToString(html));
  });

  router.get('/reports/interactive/run', async (req, res) => {
    const mailed = text(req.query.done) === 'mailed' ? deps.context(req).t('interactiveReports.mail.done') : undefined;
    await runPage(req, res, (ctx) => requested(req, ctx), mailed ? { notice: mailed } : {});
  });

  // A call list's totals over every matching call: the footer its page asks for as soon as it is shown (htmx), or,
  // followed as a link (no JavaScript, or a boosted click before the swap), a page of their own.
  router.get('/reports/interactive/totals', async (req, res) => {
    const ctx = deps.context(req);
    const { options, heading } = requested(req, ctx);
    if (options.kind !== 'calls') throw new BadInputError('totals are asked of a call list');
    const { totals, timeZone } = await callListTotals(engine, options, viewerOf(req));
    const columns = callListColumns(options.fields);
    if (req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true')
      return sendFragment(
        res,
        <ReportTotals ctx={ctx} columns={columns} totals={totals} timeZone={timeZone} options={options} />,
      );
    const view = { ...emptyView(timeZone, columns, deps.pageSize), totals };
    const props = { heading, options, query: queryOf(options).toString(), view };
    sendPage(res, <ReportTotalsPage ctx={ctx} props={props} />);
  });

  router.get('/reports/interactive/saved/:id', async (req, res) => {
    const report = await saved.findById(savedIdOf(req), viewerOf(req));
    const ctx = deps.context(req);
    const notice =
      text(req.query.done) === 'saved' ? ctx.t('interactiveReports.save.done', { name: report.name }) : undefined;
    await runPage(req, res, () => savedRequested(report), notice ? { notice } : {});
  });

  router.get('/reports/interactive/export.:format', async (req, res) => {
    const format = exportFormats.find((f) => f === req.params.format);
    if (!format) throw new NotFoundError(`no export format ${req.params.format}`);
    const viewer = viewerOf(req);
    // Exports and mails are titled as the engine words them (the report's title, else its kind in English): the
    // PDF's built-in font has no Arabic, and the filter lines above the rows are the engine's English too.
    const { options } = requested(req, deps.context(req));
    const table = await buildReportTable(engine, options, viewer);
    const type = reportFormatTypes[format];
    res.setHeader('Content-Type', type.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(table.title, type.extension)}"`);
    res.setHeader('Cache-Control', 'no-store');
    await writeReport(table, format, res, { fontFile: deps.reports.pdfFontFile || undefined });
    res.end();
  });

  const form = (req: Request) => req.body as Record<string, unknown>;
  /** The report a Save or Send form posts: the query of the page it was on. */
  const postedQuery = (req: Request) => new URLSearchParams(text(form(req).q));
  function optionsOfPost(req: Request): ReportOptions {
    const params = postedQuery(req);
    const input: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys()))
      input[key] = params.getAll(key).length > 1 ? params.getAll(key) : (params.get(key) ?? '');
    return optionsFromQuery(input);
  }

  /** A refused Save or Send shows the page again with the service's message. */
  async function orRefused(req: Request, res: Response, change: () => Promise<string>) {
    try {
      redirectAfterChange(res, await change());
    } catch (err) {
      if (!(err instanceof AppError) || err.httpStatus >= 500 || err.httpStatus === 403) throw err;
      await runPage(
        req,
        res,
        (ctx) => ({ options: optionsOfPost(req), heading: headingOf(ctx, optionsOfPost(req)), edit: false }),
        { error: err.message },
      );
    }
  }

  router.post('/reports/interactive/save', async (req, res) => {
    const viewer = viewerOf(req);
    const f = form(req);
    await orRefused(req, res, async () => {
      const options = optionsOfPost(req);
      const name = text(f.name);
      const report = await saved.save(
        {
          name,
          description: text(f.description),
          category: text(f.category),
          options: { ...options, title: options.title ?? name },
        },
        viewer,
      );
      return `/reports/interactive/saved/${report.id}?done=saved`;
    });
  });

  router.post('/reports/interactive/mail', async (req, res) => {
    const viewer = viewerOf(req);
    const ctx = deps.context(req);
    const f = form(req);
    await orRefused(req, res, async () => {
      const options = optionsOfPost(req);
      const format = mailFormats.find((m) => m === text(f.format)) ?? 'xlsx';
      const recipients = [
        ...new Set(
          text(f.to)
            .split(/[,;\s]+/)
            .filter(Boolean),
        ),
      ];
      if (recipients.length === 0 || recipients.length > MAX_RECIPIENTS)
        throw new BadInputError(ctx.t('interactiveReports.mail.noAddress'));
      const bad = recipients.find((a) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a) || a.length > 254);
      if (bad) throw new BadInputError(ctx.t('interactiveReports.mail.badAddress', { address: bad }));
      const table = await buildReportTable(engine, options, viewer);
      const content = await renderToBuffer((out) =>
        writeReport(table, format, out, { fontFile: deps.reports.pdfFontFile || undefined }),
      );
      const type = reportFormatTypes[format];
      const attachment = {
        filename: fileName(table.title, type.extension),
        contentType: type.contentType.split(';')[0]!,
        content,
      };
      const intro = ctx.t('interactiveReports.mail.body', { title: table.title, user: viewer.username });
      const body = `${intro}\n\n${table.filter.join('\n')}\n`;
      const sending = randomUUID();
      await deps.dataSource.transaction((m) =>
        deps.outbox.enqueue(
          m,
          recipients.map((recipient) => ({
            dedupeKey: `report-mail:${sending}:${recipient}`,
            recipient,
            subject: ctx.t('interactiveReports.mail.subject', { title: table.title }),
            body,
            origin: 'reports',
            context: { by: viewer.username, title: table.title, format },
            attachments: [attachment],
          })),
        ),
      );
      deps.outbox.kick();
      const back = postedQuery(req);
      back.set('done', 'mailed');
      return `/reports/interactive/run?${back.toString()}`;
    });
  });

  router.post('/reports/interactive/saved/:id/remove', async (req, res) => {
    const viewer = viewerOf(req);
    const report = await saved.findById(savedIdOf(req), viewer);
    await saved.remove(report.name, viewer, { public: report.visibility === 'public' });
    redirectAfterChange(res, '/reports/interactive?done=removed');
  });
}
