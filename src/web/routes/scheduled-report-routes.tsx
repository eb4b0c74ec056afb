import type { Request, Router } from 'express';
import { AppError, BadInputError } from '../../errors/index.js';
import { periodPresets, type SavedReportService } from '../../reports/index.js';
import { recurrenceUnits, type RecurrenceUnit } from '../../scheduler/index.js';
import {
  attachmentFormats,
  type ScheduledReportInput,
  type ScheduledReportService,
} from '../../scheduled-reports/index.js';
import { ScheduledReportFormPage, type ScheduledReportFormProps } from '../pages/scheduled-report-form-page.js';
import { ScheduledReportsPage } from '../pages/scheduled-reports-page.js';
import type { Translate } from '../page-context.js';
import { sendPage } from '../render-page.js';
import { viewerOf, webAuditActor } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface ScheduledReportRouteDeps extends WebPageDeps {
  scheduled: ScheduledReportService;
  saved: SavedReportService;
}

const doneCodes = ['created', 'saved', 'ran', 'paused', 'resumed', 'deleted'];

function text(req: Request, name: string): string {
  const body = req.body as Record<string, unknown>;
  return typeof body[name] === 'string' ? (body[name] as string) : '';
}

/** The form as service input; the service validates it. */
function inputOf(req: Request): ScheduledReportInput {
  const unit = text(req, 'unit') as RecurrenceUnit;
  const period = text(req, 'period');
  return {
    description: text(req, 'description'),
    report: text(req, 'report'),
    filters: period && (periodPresets as readonly string[]).includes(period) ? { period: { preset: period } } : {},
    recipients: text(req, 'recipients')
      .split(/[,;\s]+/)
      .filter(Boolean),
    subject: text(req, 'subject'),
    body: text(req, 'body').replace(/\r\n/g, '\n'),
    format: text(req, 'format') as never,
    skipEmpty: text(req, 'skipEmpty') === '1',
    paused: text(req, 'paused') === '1',
    recurrence: {
      startLocal: text(req, 'start').slice(0, 16),
      timeZone: text(req, 'timeZone').trim(),
      every: Number(text(req, 'every')),
      unit: recurrenceUnits.includes(unit) ? unit : 'days',
    },
  };
}

/** The recipients field's message, in the page's language, when the service refused the recipients. */
function recipientErrors(err: AppError, t: Translate): Record<string, string> {
  const issues = (err.details?.issues ?? []) as Array<{ code: string; path: PropertyKey[] }>;
  const issue = issues.find((i) => i.path[0] === 'recipients');
  if (!issue) return {};
  return {
    recipients: t(issue.code === 'too_small' ? 'scheduledReports.errors.noRecipient' : 'scheduledReports.errors.email'),
  };
}

function idOf(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id < 1) throw new BadInputError('bad id');
  return id;
}

/** Call Analytics' Scheduled Reports: list, add, edit, run now, pause, resume, delete, all through the one service. */
export function addScheduledReportRoutes(router: Router, deps: ScheduledReportRouteDeps): void {
  async function form(
    req: Request,
    current: ScheduledReportFormProps['current'],
    error?: string,
    errors: Record<string, string> = {},
  ): Promise<ScheduledReportFormProps> {
    const viewer = viewerOf(req);
    const reports = (await deps.saved.list(viewer)).map((r) => ({ name: r.name, description: r.description }));
    return {
      current,
      reports,
      periods: periodPresets,
      units: recurrenceUnits,
      formats: attachmentFormats,
      defaultTimeZone: viewer.timeZone,
      error,
      errors,
    };
  }

  router.get('/reports/scheduled', async (req, res) => {
    const done = typeof req.query.done === 'string' && doneCodes.includes(req.query.done) ? req.query.done : undefined;
    const schedules = await deps.scheduled.list(viewerOf(req));
    sendPage(res, <ScheduledReportsPage ctx={deps.context(req)} props={{ schedules, done }} />);
  });
  router.get('/reports/scheduled/new', async (req, res) => {
    sendPage(res, <ScheduledReportFormPage ctx={deps.context(req)} props={await form(req, null)} />);
  });
  router.get('/reports/scheduled/:id', async (req, res) => {
    const current = await deps.scheduled.get(idOf(req), viewerOf(req));
    sendPage(res, <ScheduledReportFormPage ctx={deps.context(req)} props={await form(req, current)} />);
  });

  /** A refused form is shown again with the reason (client errors only; the rest goes to the error page). */
  async function save(
    req: Request,
    res: Parameters<Parameters<Router['post']>[1]>[1],
    id: number | null,
  ): Promise<void> {
    const viewer = viewerOf(req);
    try {
      if (id === null) await deps.scheduled.create(inputOf(req), viewer, webAuditActor(req));
      else await deps.scheduled.update(id, inputOf(req), viewer, webAuditActor(req));
      res.redirect(303, `/reports/scheduled?done=${id === null ? 'created' : 'saved'}`);
    } catch (err) {
      if (!(err instanceof AppError) || !err.isClientError || err.httpStatus === 404) throw err;
      const current = id === null ? null : await deps.scheduled.get(id, viewer);
      const ctx = deps.context(req);
      const errors = recipientErrors(err, ctx.t);
      const message = Object.keys(errors).length ? ctx.t('scheduledReports.errors.fix') : err.message;
      sendPage(res, <ScheduledReportFormPage ctx={ctx} props={await form(req, current, message, errors)} />, 400);
    }
  }
  router.post('/reports/scheduled', (req, res) => save(req, res, null));
  router.post('/reports/scheduled/:id', (req, res) => save(req, res, idOf(req)));

  router.post('/reports/scheduled/:id/:action', async (req, res) => {
    const viewer = viewerOf(req);
    const id = idOf(req);
    const s = deps.scheduled;
    switch (req.params.action) {
      case 'run': {
        const outcome = await s.runNow(id, viewer, webAuditActor(req));
        if (outcome.result === 'failed') {
          const schedules = await s.list(viewer);
          return sendPage(
            res,
            <ScheduledReportsPage ctx={deps.context(req)} props={{ schedules, error: outcome.message }} />,
            500,
          );
        }
        return res.redirect(303, '/reports/scheduled?done=ran');
      }
      case 'pause':
        await s.pause(id, viewer, webAuditActor(req));
        return res.redirect(303, '/reports/scheduled?done=paused');
      case 'resume':
        await s.resume(id, viewer, webAuditActor(req));
        return res.redirect(303, '/reports/scheduled?done=resumed');
      case 'delete':
        await s.remove(id, viewer, webAuditActor(req));
        return res.redirect(303, '/reports/scheduled?done=deleted');
      default:
        throw new BadInputError('unknown action');
    }
  });
}
