import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/**
 * One alarm: its kind and settings (JSON, validated by src/alarms), how often
 * it runs, whom it tells, and the scope of the owner it runs as. Instants are epoch ms.
 */
export interface AlarmRow {
  id: number;
  kind: string;
  description: string;
  active: boolean;
  owner: string;
  /** JSON: the owner's identity and scope (role, departments, username) when last saved. */
  ownerScope: string;
  settings: string;
  recurrence: string;
  /** JSON: [{email, language, role}]. */
  recipients: string;
  webhookUrl: string;
  webhookSecret: string;
  sendWhenEmpty: boolean;
  /** The scheduler's schedule that runs it (kind 'alarm'); null for alarms raised by events. */
  scheduleId: number | null;
  lastRunAt: number | null;
  lastMessage: string;
  /** The end of the last evaluated period: the next scheduled run starts there, so downtime loses no call. */
  evaluatedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One run of an alarm (scheduled, manual or on an event) and what it found and sent. */
export interface AlarmHistoryRow {
  id: number;
  alarmId: number;
  kind: string;
  description: string;
  ranAt: number;
  periodFrom: number;
  periodTo: number;
  trigger: string;
  outcome: string;
  findings: number;
  message: string;
  mails: number;
  webhook: string;
  /** JSON: the offending calls or groups, as found (numbers as the owner may see them). */
  detail: string;
}

const big = (name: string) => ({ name, type: 'bigint' as const, transformer: bigintAsNumber });
const nbig = (name: string) => ({ ...big(name), nullable: true });
const str = (name: string, length: number) => ({ name, type: 'varchar' as const, length, default: '' });

export const alarmEntity = new EntitySchema<AlarmRow>({
  name: 'Alarm',
  tableName: 'alarms',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: str('kind', 32),
    description: str('description', 200),
    active: { name: 'active', type: 'boolean', default: true },
    owner: str('owner', 120),
    ownerScope: { name: 'owner_scope', type: 'text' },
    settings: { name: 'settings', type: 'text' },
    recurrence: { name: 'recurrence', type: 'text' },
    recipients: { name: 'recipients', type: 'text' },
    webhookUrl: str('webhook_url', 500),
    webhookSecret: str('webhook_secret', 200),
    sendWhenEmpty: { name: 'send_when_empty', type: 'boolean', default: false },
    scheduleId: { name: 'schedule_id', type: 'integer', nullable: true },
    lastRunAt: nbig('last_run_at'),
    lastMessage: str('last_message', 500),
    evaluatedUntil: nbig('evaluated_until'),
    createdAt: big('created_at'),
    updatedAt: big('updated_at'),
  },
});

export const alarmHistoryEntity = new EntitySchema<AlarmHistoryRow>({
  name: 'AlarmHistory',
  tableName: 'alarm_history',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    alarmId: { name: 'alarm_id', type: 'integer', default: 0 },
    kind: str('kind', 32),
    description: str('description', 200),
    ranAt: big('ran_at'),
    periodFrom: big('period_from'),
    periodTo: big('period_to'),
    trigger: str('trigger', 16),
    outcome: str('outcome', 16),
    findings: { name: 'findings', type: 'integer', default: 0 },
    message: str('message', 500),
    mails: { name: 'mails', type: 'integer', default: 0 },
    webhook: str('webhook', 120),
    detail: { name: 'detail', type: 'text' },
  },
});
