import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { formatLocal, toLocal } from '../../tariffs/index.js';
import type { AuditActor, AuditRecorder } from '../audit/index.js';
import type { Clock } from '../clock.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors/index.js';
import { csvField, type ReportViewer } from '../reports/index.js';
import { alarmDraftSchema, eventKinds, type AlarmDraftInput, type AlarmKind, type Recurrence } from './alarm-kinds.js';
import type { AlarmEvent, AlarmRunner, AlarmRunOutcome } from './alarm-runner.js';
import { alarmRepo, draftColumns, historyRepo, toAlarm, toAlarmRun, type Alarm, type AlarmRun } from './alarm-store.js';

/**
 * The scheduler as alarms use it: a schedule (kind 'alarm') per scheduled
 * alarm, whose handler calls `AlarmService.runScheduled`. Without one, alarms
 * run only when asked (run now) or on their events.
 */
export interface AlarmSchedules {
  create(input: {
    owner: string;
    description: string;
    alarmId: number;
    recurrence: Recurrence;
    paused: boolean;
  }): Promise<number>;
  update(scheduleId: number, change: { description: string; recurrence: Recurrence; paused: boolean }): Promise<void>;
  remove(scheduleId: number): Promise<void>;
  /** When each schedule runs next (null while paused). */
  nextRuns(scheduleIds: number[]): Promise<Map<number, Date | null>>;
  /** Runs it now through the scheduler (claimed like any run). */
  runNow(scheduleId: number): Promise<AlarmRunOutcome>;
}

export interface AlarmServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  runner: AlarmRunner;
  schedules?: AlarmSchedules;
  /** Every change and run-now, with who and through which door (after it succeeded: a refused one leaves none). */
  audit: AuditRecorder;
  /** The zone a recurrence without one uses. */
  defaultTimeZone: string;
}

export interface AlarmListing extends Alarm {
  nextRunAt: Date | null;
}

const historyFilterSchema = z
  .object({ alarmId: z.number().int().optional(), limit: z.number().int().min(1).max(100_000).default(500) })
  .strict();

/** The problem of an alarm with no e-mail recipient and no webhook, as a zod issue at `recipients`. */
const noDestinationIssue = {
  code: 'custom' as const,
  path: ['recipients'],
  message: 'give at least one e-mail recipient or a webhook URL',
  params: { noDestination: true },
};

function tellsNobody(draft: unknown): boolean {
  if (typeof draft !== 'object' || draft === null) return false;
  const { recipients, webhook } = draft as { recipients?: unknown; webhook?: unknown };
  return (recipients === undefined || (Array.isArray(recipients) && recipients.length === 0)) && !webhook;
}

/** Who may manage alarms: administrators (every alarm) and supervisors (their own, over their departments). */
function assertMayManage(viewer: ReportViewer): void {
  if (viewer.role !== 'admin' && viewer.role !== 'supervisor')
    throw new ForbiddenError('alarms are for administrators and supervisors');
}

const sees = (viewer: ReportViewer, alarm: { owner: string }) => viewer.role === 'admin' || alarm.owner === viewer.name;

/** Alarms: create, change, delete, list in the viewer's scope, run now, and their history (also as CSV). */
export function createAlarmService(deps: AlarmServiceDeps) {
  const { dataSource } = deps;
  const repo = () => alarmRepo(dataSource.manager);

  function parseDraft(input: unknown) {
    const result = alarmDraftSchema.safeParse(input);
    // An alarm nobody hears of is a mistake, not a choice: it would run and tell no one. Said with the other
    // problems of the form, so that it is not found only after they are fixed.
    const unheard = tellsNobody(result.success ? result.data : input) ? [noDestinationIssue] : [];
    const issues = [...(result.success ? [] : result.error.issues), ...unheard];
    if (!result.success || issues.length > 0) {
      const problems = issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
      // The issues themselves let a form put each message at its field, in its own language.
      throw new BadInputError(`invalid alarm: ${problems.join('; ')}`, { problems, issues });
    }
    const draft = result.data;
    if (draft.recurrence.startLocal === '') {
      const now = deps.clock.now();
      const zone = draft.recurrence.timeZone === 'UTC' ? deps.defaultTimeZone : draft.recurrence.timeZone;
      // The wall-clock minute it is now, as 'YYYY-MM-DDTHH:mm'.
      const local = formatLocal({ ...toLocal(now.getTime(), zone), second: 0 });
      draft.recurrence = { ...draft.recurrence, timeZone: zone, startLocal: local.replace(' ', 'T') };
    }
    return draft;
  }

  async function owned(id: number, viewer: ReportViewer): Promise<Alarm> {
    assertMayManage(viewer);
    const row = await repo().findOneBy({ id });
    if (!row || !sees(viewer, row)) throw new NotFoundError(`no alarm ${id}`);
    return toAlarm(row);
  }

  const scheduled = (kind: AlarmKind) => !eventKinds.has(kind);

  async function syncSchedule(alarm: Alarm): Promise<void> {
    if (!deps.schedules) return;
    const wanted = scheduled(alarm.kind);
    if (alarm.scheduleId !== null && !wanted) {
      await deps.schedules.remove(alarm.scheduleId);
      await repo().update({ id: alarm.id }, { scheduleId: null });
    } else if (alarm.scheduleId !== null) {
      await deps.schedules.update(alarm.scheduleId, {
        description: alarm.description,
        recurrence: alarm.recurrence,
        paused: !alarm.active,
      });
    } else if (wanted) {
      const scheduleId = await deps.schedules.create({
        owner: alarm.owner,
        description: alarm.description,
        alarmId: alarm.id,
        recurrence: alarm.recurrence,
        paused: !alarm.active,
      });
      await repo().update({ id: alarm.id }, { scheduleId });
    }
  }

  async function reload(id: number): Promise<Alarm> {
    return toAlarm(await repo().findOneByOrFail({ id }));
  }

  /** `alarm.<verb>` on `alarm <id> (<description>)`, named as the CLI's subcommands are. */
  const audited = (by: AuditActor, verb: string, alarm: Alarm, detail: Record<string, unknown> = {}) =>
    deps.audit.record({
      ...by,
      action: `alarm.${verb}`,
      target: `alarm ${alarm.id} (${alarm.description || alarm.kind})`,
      detail: { kind: alarm.kind, owner: alarm.owner, ...detail },
    });

  return {
    async create(input: AlarmDraftInput, viewer: ReportViewer, by: AuditActor): Promise<Alarm> {
      assertMayManage(viewer);
      const draft = parseDraft(input);
      const now = deps.clock.now().getTime();
      const scope: ReportViewer = {
        name: viewer.name,
        role: viewer.role,
        ...(viewer.departments ? { departments: viewer.departments } : {}),
        ...(viewer.username ? { username: viewer.username } : {}),
      };
      const inserted = await repo().insert({
        ...draftColumns(draft),
        owner: viewer.name,
        ownerScope: JSON.stringify(scope),
        lastMessage: '',
        createdAt: now,
        updatedAt: now,
        scheduleId: null,
        lastRunAt: null,
        evaluatedUntil: null,
      });
      const id = Number((inserted.identifiers[0] as { id: number }).id);
      await syncSchedule(await reload(id));
      const created = await reload(id);
      await audited(by, 'create', created, { active: created.active });
      return created;
    },

    async update(id: number, input: AlarmDraftInput, viewer: ReportViewer, by: AuditActor): Promise<Alarm> {
      await owned(id, viewer);
      const draft = parseDraft(input);
      await repo().update({ id }, { ...draftColumns(draft), updatedAt: deps.clock.now().getTime() });
      await syncSchedule(await reload(id));
      const updated = await reload(id);
      await audited(by, 'edit', updated, { active: updated.active });
      return updated;
    },

    /** Pause (false) or resume (true). */
    async setActive(id: number, active: boolean, viewer: ReportViewer, by: AuditActor): Promise<Alarm> {
      await owned(id, viewer);
      await repo().update({ id }, { active, updatedAt: deps.clock.now().getTime() });
      await syncSchedule(await reload(id));
      const changed = await reload(id);
      await audited(by, active ? 'resume' : 'pause', changed);
      return changed;
    },

    async remove(id: number, viewer: ReportViewer, by: AuditActor): Promise<void> {
      const alarm = await owned(id, viewer);
      if (alarm.scheduleId !== null && deps.schedules) await deps.schedules.remove(alarm.scheduleId);
      await repo().delete({ id });
      await audited(by, 'delete', alarm);
    },

    get: owned,

    async list(viewer: ReportViewer): Promise<AlarmListing[]> {
      assertMayManage(viewer);
      const rows = await repo().find({
        where: viewer.role === 'admin' ? {} : { owner: viewer.name },
        order: { id: 'ASC' },
      });
      const alarms = rows.map(toAlarm);
      const ids = alarms.flatMap((a) => (a.scheduleId === null ? [] : [a.scheduleId]));
      const next = deps.schedules && ids.length ? await deps.schedules.nextRuns(ids) : new Map<number, Date | null>();
      return alarms.map((a) => ({ ...a, nextRunAt: a.scheduleId === null ? null : (next.get(a.scheduleId) ?? null) }));
    },

    /** Runs an alarm now for the recurrence's last interval (through the scheduler when it has a schedule). */
    async runNow(id: number, viewer: ReportViewer, by: AuditActor): Promise<AlarmRunOutcome> {
      const alarm = await owned(id, viewer);
      const at = deps.clock.now();
      const outcome =
        alarm.scheduleId !== null && deps.schedules
          ? await deps.schedules.runNow(alarm.scheduleId)
          : await deps.runner.run(id, 'manual', at, `alarm:${id}:manual:${at.getTime()}`);
      await audited(by, 'run-now', alarm, { result: outcome.result });
      return outcome;
    },

    /** The scheduler's handler: one run for `slotAt`, its dedupe key stable across retries of the run. */
    runScheduled(alarmId: number, slotAt: Date, manual: boolean, dedupeKey: string): Promise<AlarmRunOutcome> {
      return deps.runner.run(alarmId, manual ? 'manual' : 'schedule', slotAt, dedupeKey);
    },

    /** Active alarms of an event kind, each in its owner's scope (`inScope` decides per owner). */
    async raise(kind: AlarmKind, inScope: (owner: ReportViewer) => Promise<AlarmEvent | null>): Promise<number> {
      const rows = await repo().find({ where: { kind, active: true } });
      let raised = 0;
      for (const alarm of rows.map(toAlarm)) {
        const event = await inScope(alarm.ownerScope);
        if (!event) continue;
        await deps.runner.raise(alarm, event);
        raised++;
      }
      return raised;
    },

    async history(viewer: ReportViewer, filter: z.input<typeof historyFilterSchema> = {}): Promise<AlarmRun[]> {
      assertMayManage(viewer);
      const f = historyFilterSchema.parse(filter);
      const q = historyRepo(dataSource.manager).createQueryBuilder('h').orderBy('h.id', 'DESC').limit(f.limit);
      if (f.alarmId !== undefined) q.andWhere('h.alarm_id = :alarmId', { alarmId: f.alarmId });
      if (viewer.role !== 'admin')
        q.andWhere('h.alarm_id IN (SELECT a.id FROM alarms a WHERE a.owner = :owner)', { owner: viewer.name });
      return (await q.getMany()).map(toAlarmRun);
    },
  };
}

export type AlarmService = ReturnType<typeof createAlarmService>;

/** History as CSV (RFC 4180, CRLF), one row per run, instants in ISO. */
export function alarmHistoryCsv(runs: AlarmRun[]): string {
  const header = [
    'id',
    'alarm_id',
    'kind',
    'description',
    'ran_at',
    'period_from',
    'period_to',
    'trigger',
    'outcome',
    'findings',
    'message',
    'mails',
    'webhook',
  ];
  const lines = runs.map((r) =>
    [
      r.id,
      r.alarmId,
      r.kind,
      r.description,
      r.ranAt.toISOString(),
      r.periodFrom.toISOString(),
      r.periodTo.toISOString(),
      r.trigger,
      r.outcome,
      r.findings,
      r.message,
      r.mails,
      r.webhook,
    ]
      .map((v) => csvField(String(v)))
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
