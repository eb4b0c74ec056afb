import type { Request, Response, Router } from 'express';
import {
  alarmHistoryCsv,
  alarmDraftSchema,
  alarmKinds,
  type Alarm,
  type AlarmDraftInput,
  type AlarmKind,
  type AlarmService,
} from '../../alarms/index.js';
import { BadInputError } from '../../errors/index.js';
import { periodPresets } from '../../reports/index.js';
import { fieldsOfSettings, settingsOf, type FormFields } from '../alarm-settings-form.js';
import { alarmFieldErrors } from '../alarm-field-errors.js';
import type { Viewer } from '../../viewer/index.js';
import { AlarmFormPage, AlarmsPage, type AlarmFormValues } from '../pages/alarms-page.js';
import { sendPage } from '../render-page.js';
import { redirectAfterChange, viewerOf, webAuditActor } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface AlarmRouteDeps extends WebPageDeps {
  alarms: AlarmService;
  /** The currency amounts (spending, prices, increases) are typed in; settings keep its minor units. */
  currency: string;
}

const done = {
  created: 'alarms.done.created',
  saved: 'alarms.done.saved',
  removed: 'alarms.done.removed',
  ran: 'alarms.done.ran',
} as const;

/** The owner an alarm runs as: the viewer's name, role and departments. */
const ownerOf = (v: Viewer) => ({ name: v.username, role: v.role, departments: v.departments, username: v.username });

function idOf(req: Request): number {
  const id = Number(req.params.alarmId);
  if (!Number.isInteger(id) || id <= 0) throw new BadInputError('bad alarm id');
  return id;
}

function form(req: Request): FormFields {
  const out: FormFields = {};
  for (const [k, v] of Object.entries(req.body as Record<string, unknown>))
    if (k !== '_csrf')
      out[k] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? v : '';
  return out;
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function valuesOf(f: FormFields): AlarmFormValues {
  const settings: FormFields = {};
  for (const [k, v] of Object.entries(f)) if (k.includes('.')) settings[k] = v;
  return {
    kind: str(f.kind) || 'outside-hours',
    description: str(f.description),
    settings,
    every: str(f.every) || '1',
    unit: str(f.unit) || 'hours',
    start: str(f.start),
    timeZone: str(f.timeZone),
    recipients: str(f.recipients),
    webhookUrl: str(f.webhookUrl),
    webhookSecret: str(f.webhookSecret),
    active: str(f.active) === '1',
    sendWhenEmpty: str(f.sendWhenEmpty) === '1',
  };
}

function valuesOfAlarm(a: Alarm, currency: string): AlarmFormValues {
  return {
    kind: a.kind,
    description: a.description,
    settings: fieldsOfSettings(a.kind, a.settings as Record<string, unknown>, currency, periodPresets),
    every: String(a.recurrence.every),
    unit: a.recurrence.unit,
    start: a.recurrence.startLocal,
    timeZone: a.recurrence.timeZone,
    recipients: a.recipients.map((r) => [r.email, r.language, r.role].join(':')).join('\n'),
    webhookUrl: a.webhook?.url ?? '',
    webhookSecret: a.webhook?.secret ?? '',
    active: a.active,
    sendWhenEmpty: a.sendWhenEmpty,
  };
}

function draftOf(v: AlarmFormValues, viewer: Viewer, currency: string): AlarmDraftInput {
  const kind = (alarmKinds as readonly string[]).includes(v.kind) ? (v.kind as AlarmKind) : null;
  const recipients = v.recipients
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [email, language, role] = s.split(':');
      return { email, language: language || viewer.language, ...(role ? { role } : {}) };
    });
  return {
    kind: v.kind,
    description: v.description,
    settings: kind ? settingsOf(kind, v.settings, currency, periodPresets) : {},
    recurrence: {
      every: Number(v.every) || 1,
      unit: v.unit,
      startLocal: v.start.slice(0, 16),
      timeZone: v.timeZone.trim() || viewer.timeZone,
    },
    recipients,
    ...(v.webhookUrl.trim() ? { webhook: { url: v.webhookUrl.trim(), secret: v.webhookSecret } } : {}),
    active: v.active,
    sendWhenEmpty: v.sendWhenEmpty,
  } as AlarmDraftInput;
}

/**
 * Create Alarm and Scheduled Alarms (user guide §2.4), for administrators and supervisors (the service refuses
 * others).
 */
export function addAlarmRoutes(router: Router, deps: AlarmRouteDeps): void {
  const { alarms, currency } = deps;
  const formProps = { currency, periods: periodPresets };
  // Every kind's defaults (the schema's), so that switching kinds shows sensible values.
  const defaults: FormFields = {};
  for (const kind of alarmKinds) {
    const parsed = alarmDraftSchema.safeParse({
      kind,
      ...(kind === 'spending' ? { settings: { amountMinor: 0 } } : {}),
    });
    const settings = parsed.success ? (parsed.data.settings as Record<string, unknown>) : {};
    if (kind === 'spending') delete settings.amountMinor;
    Object.assign(defaults, fieldsOfSettings(kind, settings, currency, periodPresets));
  }
  const blank = (v: Viewer): AlarmFormValues => ({
    ...valuesOf({}),
    settings: { ...defaults },
    active: true,
    timeZone: v.timeZone,
    recipients: '',
  });

  async function listPage(req: Request, res: Response, extra: { notice?: string; error?: string } = {}, status = 200) {
    const list = await alarms.list(ownerOf(viewerOf(req)));
    sendPage(res, <AlarmsPage ctx={deps.context(req)} props={{ alarms: list, ...extra }} />, status);
  }
  async function orRefused(req: Request, res: Response, change: () => Promise<string>, id?: number) {
    try {
      redirectAfterChange(res, await change());
    } catch (err) {
      if (!(err instanceof BadInputError)) throw err;
      const ctx = deps.context(req);
      const values = valuesOf(form(req));
      const errors = alarmFieldErrors(err, values, ctx.t, currency);
      sendPage(
        res,
        <AlarmFormPage
          ctx={ctx}
          values={values}
          error={Object.keys(errors).length ? ctx.t('alarms.form.fixErrors') : err.message}
          errors={errors}
          {...formProps}
          {...(id ? { id } : {})}
        />,
        400,
      );
    }
  }

  router.get('/alarms', async (req, res) => {
    const ctx = deps.context(req);
    const key = done[String(req.query.done) as keyof typeof done];
    await listPage(
      req,
      res,
      key ? { notice: ctx.t(key, { id: String(req.query.id ?? ''), result: String(req.query.result ?? '') }) } : {},
    );
  });
  router.get('/alarms/new', async (req, res) => {
    const viewer = viewerOf(req);
    await alarms.list(ownerOf(viewer)); // refuses a role that may not have alarms
    sendPage(res, <AlarmFormPage ctx={deps.context(req)} values={blank(viewer)} {...formProps} />);
  });
  router.post('/alarms', async (req, res) => {
    const viewer = viewerOf(req);
    await orRefused(req, res, async () => {
      const alarm = await alarms.create(
        draftOf(valuesOf(form(req)), viewer, currency),
        ownerOf(viewer),
        webAuditActor(req),
      );
      return `/alarms?done=created&id=${alarm.id}`;
    });
  });
  router.get('/alarms/history.csv', async (req, res) => {
    const alarmId = Number(req.query.alarm);
    const runs = await alarms.history(ownerOf(viewerOf(req)), {
      ...(Number.isInteger(alarmId) && alarmId > 0 ? { alarmId } : {}),
      limit: 100_000,
    });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="alarm-history.csv"');
    res.send(alarmHistoryCsv(runs));
  });
  router.get('/alarms/:alarmId/edit', async (req, res) => {
    const id = idOf(req);
    const alarm = await alarms.get(id, ownerOf(viewerOf(req)));
    sendPage(
      res,
      <AlarmFormPage ctx={deps.context(req)} values={valuesOfAlarm(alarm, currency)} id={id} {...formProps} />,
    );
  });
  router.post('/alarms/:alarmId', async (req, res) => {
    const id = idOf(req);
    const viewer = viewerOf(req);
    await orRefused(
      req,
      res,
      async () => {
        await alarms.update(id, draftOf(valuesOf(form(req)), viewer, currency), ownerOf(viewer), webAuditActor(req));
        return `/alarms?done=saved&id=${id}`;
      },
      id,
    );
  });
  router.post('/alarms/:alarmId/delete', async (req, res) => {
    const id = idOf(req);
    await alarms.remove(id, ownerOf(viewerOf(req)), webAuditActor(req));
    redirectAfterChange(res, `/alarms?done=removed&id=${id}`);
  });
  router.post('/alarms/:alarmId/active', async (req, res) => {
    const id = idOf(req);
    await alarms.setActive(id, form(req).active === '1', ownerOf(viewerOf(req)), webAuditActor(req));
    redirectAfterChange(res, `/alarms?done=saved&id=${id}`);
  });
  router.post('/alarms/:alarmId/run', async (req, res) => {
    const id = idOf(req);
    const outcome = await alarms.runNow(id, ownerOf(viewerOf(req)), webAuditActor(req));
    redirectAfterChange(res, `/alarms?done=ran&id=${id}&result=${encodeURIComponent(outcome.message)}`);
  });
}
