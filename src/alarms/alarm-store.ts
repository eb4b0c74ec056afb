import type { EntityManager, Repository } from 'typeorm';
import { alarmEntity, alarmHistoryEntity, type AlarmHistoryRow, type AlarmRow } from '../store/index.js';
import type { ReportViewer } from '../reports/index.js';
import {
  alarmDraftSchema,
  type AlarmDraft,
  type AlarmKind,
  type AlarmRecipient,
  type AlarmSettings,
  type Recurrence,
} from './alarm-kinds.js';

/** An alarm as services and edges see it. */
export interface Alarm {
  id: number;
  kind: AlarmKind;
  description: string;
  active: boolean;
  owner: string;
  /** Whom it runs as: the owner's role and departments when it was last saved. */
  ownerScope: ReportViewer;
  settings: AlarmSettings;
  recurrence: Recurrence;
  recipients: AlarmRecipient[];
  webhook: { url: string; secret: string } | null;
  sendWhenEmpty: boolean;
  scheduleId: number | null;
  lastRunAt: Date | null;
  lastMessage: string;
  evaluatedUntil: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One run, as history lists and exports it. */
export interface AlarmRun {
  id: number;
  alarmId: number;
  kind: string;
  description: string;
  ranAt: Date;
  periodFrom: Date;
  periodTo: Date;
  trigger: string;
  outcome: string;
  findings: number;
  message: string;
  mails: number;
  webhook: string;
  detail: unknown;
}

export const alarmRepo = (m: EntityManager): Repository<AlarmRow> =>
  m.getRepository<AlarmRow>(alarmEntity.options.name);
export const historyRepo = (m: EntityManager): Repository<AlarmHistoryRow> =>
  m.getRepository<AlarmHistoryRow>(alarmHistoryEntity.options.name);

export function toAlarm(row: AlarmRow): Alarm {
  const draft = alarmDraftSchema.parse({
    kind: row.kind,
    settings: JSON.parse(row.settings) as unknown,
    recurrence: JSON.parse(row.recurrence) as unknown,
    recipients: JSON.parse(row.recipients) as unknown,
  });
  return {
    id: row.id,
    kind: draft.kind,
    description: row.description,
    active: Boolean(row.active),
    owner: row.owner,
    ownerScope: JSON.parse(row.ownerScope) as ReportViewer,
    settings: draft.settings,
    recurrence: draft.recurrence,
    recipients: draft.recipients,
    webhook: row.webhookUrl ? { url: row.webhookUrl, secret: row.webhookSecret } : null,
    sendWhenEmpty: Boolean(row.sendWhenEmpty),
    scheduleId: row.scheduleId,
    lastRunAt: row.lastRunAt === null ? null : new Date(row.lastRunAt),
    lastMessage: row.lastMessage,
    evaluatedUntil: row.evaluatedUntil,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

/** The columns a draft sets (owner and timestamps are the service's). */
export function draftColumns(draft: AlarmDraft): Partial<AlarmRow> {
  return {
    kind: draft.kind,
    description: draft.description,
    active: draft.active,
    settings: JSON.stringify(draft.settings),
    recurrence: JSON.stringify(draft.recurrence),
    recipients: JSON.stringify(draft.recipients),
    webhookUrl: draft.webhook?.url ?? '',
    webhookSecret: draft.webhook?.secret ?? '',
    sendWhenEmpty: draft.sendWhenEmpty,
  };
}

export function toAlarmRun(row: AlarmHistoryRow): AlarmRun {
  return {
    id: row.id,
    alarmId: row.alarmId,
    kind: row.kind,
    description: row.description,
    ranAt: new Date(row.ranAt),
    periodFrom: new Date(row.periodFrom),
    periodTo: new Date(row.periodTo),
    trigger: row.trigger,
    outcome: row.outcome,
    findings: row.findings,
    message: row.message,
    mails: row.mails,
    webhook: row.webhook,
    detail: JSON.parse(row.detail || 'null') as unknown,
  };
}
