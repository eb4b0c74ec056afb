import { ZodError } from 'zod';
import type { AuditActor, AuditRecorder } from '../audit/index.js';
import { BadInputError, NotFoundError } from '../errors/index.js';
import { parseReportOptions, type SavedReportService } from '../reports/index.js';
import type { Recurrence, RunOutcome, Schedule, Scheduler, ScheduleService } from '../scheduler/index.js';
import type { Viewer, ViewerIdentity } from '../viewer/index.js';
import { createReportRunner, type ReportRunDeps } from './run-scheduled-report.js';
import {
  scheduledReportPayloadSchema,
  type ScheduledReportPayload,
  type ScheduledReportPayloadInput,
} from './scheduled-report-payload.js';

export const SCHEDULED_REPORT_KIND = 'report';

/** A scheduled report as its pages and commands show it. */
export interface ScheduledReport extends ScheduledReportPayload {
  id: number;
  owner: string;
  description: string;
  recurrence: Recurrence;
  paused: boolean;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastResult: string;
  lastMessage: string;
}

export interface ScheduledReportInput extends ScheduledReportPayloadInput {
  description: string;
  recurrence: Recurrence;
  paused?: boolean;
}

/**
 * Scheduled reports (user guide §2.3 "Schedule"), the one service behind the
 * CLI and the web page. An administrator sees and manages everyone's; anyone
 * else only their own. A schedule belongs to the person who made it (the CLI
 * may name an owner), and runs in that person's scope. Every change and
 * run-now is audited with `by` (who, through which door) once it succeeded.
 */
export interface ScheduledReportService {
  list(viewer: ViewerIdentity): Promise<ScheduledReport[]>;
  get(id: number, viewer: ViewerIdentity): Promise<ScheduledReport>;
  /** Checks the owner may run the report (it must be one they see) with these filters. */
  create(input: ScheduledReportInput, viewer: ViewerIdentity, by: AuditActor, owner?: string): Promise<ScheduledReport>;
  update(
    id: number,
    input: Partial<ScheduledReportInput>,
    viewer: ViewerIdentity,
    by: AuditActor,
  ): Promise<ScheduledReport>;
  pause(id: number, viewer: ViewerIdentity, by: AuditActor): Promise<ScheduledReport>;
  resume(id: number, viewer: ViewerIdentity, by: AuditActor): Promise<ScheduledReport>;
  remove(id: number, viewer: ViewerIdentity, by: AuditActor): Promise<void>;
  /** Runs it now in the calling process, whatever its recurrence; resolves with the outcome. */
  runNow(id: number, viewer: ViewerIdentity, by: AuditActor): Promise<RunOutcome>;
}

export interface ScheduledReportServiceDeps extends ReportRunDeps {
  schedules: ScheduleService;
  scheduler: Scheduler;
  saved: SavedReportService;
  audit: AuditRecorder;
}

export function createScheduledReportService(deps: ScheduledReportServiceDeps): ScheduledReportService {
  deps.scheduler.register(SCHEDULED_REPORT_KIND, createReportRunner(deps));

  function view(s: Schedule): ScheduledReport {
    const payload = scheduledReportPayloadSchema.parse(s.payload);
    const { id, owner, description, recurrence, paused, nextRunAt, lastRunAt, lastResult, lastMessage } = s;
    return { ...payload, id, owner, description, recurrence, paused, nextRunAt, lastRunAt, lastResult, lastMessage };
  }

  async function visible(id: number, viewer: ViewerIdentity): Promise<Schedule> {
    const s = await deps.schedules.get(id);
    // Someone else's schedule is "not found", so that nobody learns which exist.
    if (!s || s.kind !== SCHEDULED_REPORT_KIND || (viewer.role !== 'admin' && s.owner !== viewer.name)) {
      throw new NotFoundError(`no scheduled report ${id}`, { id });
    }
    return s;
  }

  /** The payload, validated, after checking that its owner sees the report and that its filters are valid. */
  async function checkedPayload(input: ScheduledReportPayloadInput, owner: string): Promise<ScheduledReportPayload> {
    let payload: ScheduledReportPayload;
    try {
      payload = scheduledReportPayloadSchema.parse(input);
    } catch (err) {
      // The issues let a form put each message at its field, in its own language.
      if (err instanceof ZodError)
        throw new BadInputError(err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), {
          issues: err.issues,
        });
      throw err;
    }
    const ownerViewer: Viewer | null = await deps.resolveOwner(owner);
    if (!ownerViewer) throw new BadInputError(`no user or account named ${owner}`);
    const report = await deps.saved.find(payload.report, ownerViewer);
    parseReportOptions({ ...report.options, ...payload.filters });
    return payload;
  }

  /** `scheduled-report.<verb>` on `scheduled report <id> (<description>)`, named as the CLI's subcommands are. */
  async function audited(by: AuditActor, verb: string, s: ScheduledReport | Schedule, detail = {}) {
    const report = 'report' in s ? s.report : scheduledReportPayloadSchema.parse(s.payload).report;
    await deps.audit.record({
      ...by,
      action: `scheduled-report.${verb}`,
      target: `scheduled report ${s.id} (${s.description})`,
      detail: { report, owner: s.owner, ...detail },
    });
  }

  function description(text: string): string {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > 200)
      throw new BadInputError('a description of 1 to 200 characters is needed');
    return trimmed;
  }

  return {
    async list(viewer) {
      const all = await deps.schedules.list({
        kind: SCHEDULED_REPORT_KIND,
        owner: viewer.role === 'admin' ? undefined : viewer.name,
      });
      return all.map(view);
    },
    async get(id, viewer) {
      return view(await visible(id, viewer));
    },
    async create(input, viewer, by, owner) {
      const ownerName = viewer.role === 'admin' && owner ? owner : viewer.name;
      const { description: text, recurrence, paused, ...fields } = input;
      const payload = await checkedPayload(fields, ownerName);
      const created = await deps.schedules.create({
        owner: ownerName,
        kind: SCHEDULED_REPORT_KIND,
        description: description(text),
        payload,
        recurrence,
        paused,
      });
      const shown = view(created);
      await audited(by, 'create', shown, { paused: shown.paused });
      return shown;
    },
    async update(id, input, viewer, by) {
      const s = await visible(id, viewer);
      const current = scheduledReportPayloadSchema.parse(s.payload);
      const { description: text, recurrence, paused, ...rest } = input;
      const payload = await checkedPayload({ ...current, ...rest }, s.owner);
      const shown = view(
        await deps.schedules.update(id, {
          payload,
          recurrence,
          paused,
          description: text === undefined ? undefined : description(text),
        }),
      );
      await audited(by, 'edit', shown, { paused: shown.paused });
      return shown;
    },
    async pause(id, viewer, by) {
      await visible(id, viewer);
      const shown = view(await deps.schedules.pause(id));
      await audited(by, 'pause', shown);
      return shown;
    },
    async resume(id, viewer, by) {
      await visible(id, viewer);
      const shown = view(await deps.schedules.resume(id));
      await audited(by, 'resume', shown);
      return shown;
    },
    async remove(id, viewer, by) {
      const s = await visible(id, viewer);
      await deps.schedules.remove(id);
      await audited(by, 'delete', s);
    },
    async runNow(id, viewer, by) {
      const s = await visible(id, viewer);
      const outcome = await deps.scheduler.runNow(id);
      await audited(by, 'run-now', s, { result: outcome.result });
      return outcome;
    },
  };
}
