import type { DataSource } from 'typeorm';
import { addDays, addMonths, fromLocal, toLocal } from '../../tariffs/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/index.js';
import type { OutboxService } from '../notify/index.js';
import { maskCallRow, revealsNumbers, type PrivacySettings, type ReportRow } from '../reports/index.js';
import { NotFoundError } from '../errors/index.js';
import { alarmRepo, historyRepo, toAlarm, type Alarm } from './alarm-store.js';
import { evaluateAlarm, type AlarmFinding, type AlarmSources } from './evaluate-alarm.js';
import type { Interval } from './opening-hours.js';
import { renderAlarmMail, type AlarmMailFrame } from './render-alarm-mail.js';
import { sendWebhook, type WebhookSettings } from './send-webhook.js';

export interface AlarmRunnerDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  sources: AlarmSources;
  outbox: Pick<OutboxService, 'enqueue' | 'kick'>;
  privacy: PrivacySettings;
  webhook: WebhookSettings;
}

export type AlarmTrigger = 'schedule' | 'manual' | 'event';

/** What a run did, as the scheduler shows it: 'alarm' (sent), 'no-alarm', 'failed'. */
export interface AlarmRunOutcome {
  result: string;
  message: string;
}

/** Something an event alarm saw: the call, and the sentence that heads the message. */
export interface AlarmEvent {
  key: string;
  at: Date;
  finding: AlarmFinding;
  headline: NonNullable<AlarmMailFrame['headline']>;
  /** Numbers in this event are not private (emergency numbers): never masked. */
  publicNumbers?: boolean;
}

const MAX_LOOKBACK_MS = 31 * 86_400_000;

/**
 * The period a run covers: since the end of the last scheduled one (so downtime loses nothing), else one recurrence
 * back.
 */
export function runPeriod(alarm: Alarm, at: number, trigger: AlarmTrigger): Interval {
  const back = oneRecurrenceBefore(at, alarm.recurrence);
  const from =
    trigger === 'schedule' && alarm.evaluatedUntil !== null && alarm.evaluatedUntil < at ? alarm.evaluatedUntil : back;
  return { from: Math.max(from, at - MAX_LOOKBACK_MS), to: at };
}

/**
 * `at` less one recurrence: minutes and hours as elapsed time, days, weeks and months on the wall clock of the
 * recurrence's zone (as the scheduler counts its slots: a time the clocks skipped is read as just after the gap, a
 * repeated one as its first occurrence).
 */
function oneRecurrenceBefore(at: number, r: Alarm['recurrence']): number {
  if (r.unit === 'minutes' || r.unit === 'hours') return at - r.every * (r.unit === 'minutes' ? 60_000 : 3_600_000);
  const local = toLocal(at, r.timeZone);
  const back =
    r.unit === 'months' ? addMonths(local, -r.every) : addDays(local, -r.every * (r.unit === 'weeks' ? 7 : 1));
  // Offsets are whole seconds, so the instant's fraction of a second is the wall clock's (toLocal drops it).
  return fromLocal(back, r.timeZone) + (at - Math.floor(at / 1000) * 1000);
}

/**
 * Runs alarms and tells their recipients: e-mail through the outbox (in the same transaction as the history row),
 * then the webhook.
 */
export function createAlarmRunner(deps: AlarmRunnerDeps) {
  const log = deps.log.child({ module: 'alarms' });

  async function deliver(
    alarm: Alarm,
    finding: AlarmFinding,
    period: Interval,
    trigger: AlarmTrigger,
    dedupeKey: string,
    event?: AlarmEvent,
  ): Promise<AlarmRunOutcome> {
    const fires = finding.count > 0;
    const send = fires || alarm.sendWhenEmpty;
    const ownerReveals = revealsNumbers(alarm.ownerScope, deps.privacy);
    const messages = send
      ? alarm.recipients.map((r) => {
          const reveal =
            event?.publicNumbers === true ||
            (ownerReveals && revealsNumbers({ name: r.email, role: r.role }, deps.privacy));
          const calls = reveal
            ? finding.calls
            : finding.calls.map((c) => maskCallRow(c, finding.fields, deps.privacy.maskDigits));
          const headline = event && !reveal ? maskHeadline(event.headline, deps.privacy.maskDigits) : event?.headline;
          const frame: AlarmMailFrame = {
            kind: alarm.kind,
            description: alarm.description,
            from: period.from,
            to: period.to,
            timeZone: alarm.recurrence.timeZone,
            language: r.language,
            ...(headline ? { headline } : {}),
          };
          const mail = renderAlarmMail(frame, { ...finding, calls });
          return {
            dedupeKey: `${dedupeKey}:${r.email}`,
            recipient: r.email,
            subject: mail.subject,
            body: mail.text,
            html: mail.html,
            origin: 'alarm',
            context: { alarmId: alarm.id },
          };
        })
      : [];
    const message = fires ? `${finding.count} found` : 'nothing to report';
    const now = deps.clock.now().getTime();
    const detail = ownerReveals
      ? finding.calls
      : finding.calls.map((c) => maskCallRow(c, finding.fields, deps.privacy.maskDigits));
    const historyId = await deps.dataSource.transaction(async (m) => {
      const queued = await deps.outbox.enqueue(m, messages);
      const inserted = await historyRepo(m).insert({
        alarmId: alarm.id,
        kind: alarm.kind,
        description: alarm.description,
        ranAt: now,
        periodFrom: period.from,
        periodTo: period.to,
        trigger,
        outcome: fires ? 'alarm' : 'no-alarm',
        findings: finding.count,
        message,
        mails: queued.length,
        webhook: '',
        detail: JSON.stringify({
          calls: detail,
          groups: finding.groups,
          quietSince: finding.quietSince ?? undefined,
          event: event?.headline,
        }),
      });
      const changes = {
        lastRunAt: now,
        lastMessage: message,
        ...(trigger === 'schedule' ? { evaluatedUntil: period.to } : {}),
      };
      await alarmRepo(m).update({ id: alarm.id }, changes);
      return Number((inserted.identifiers[0] as { id: number }).id);
    });
    if (messages.length) deps.outbox.kick();
    if (alarm.webhook && fires) {
      const payload = {
        alarm: { id: alarm.id, kind: alarm.kind, description: alarm.description },
        trigger,
        period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
        count: finding.count,
        truncated: finding.truncated,
        calls: detail,
        groups: finding.groups,
        event: event?.headline,
      };
      const outcome = await sendWebhook(alarm.webhook.url, alarm.webhook.secret, payload, deps.webhook);
      await historyRepo(deps.dataSource.manager).update({ id: historyId }, { webhook: outcome });
      if (outcome.startsWith('failed')) log.warn({ alarmId: alarm.id, outcome }, 'alarm webhook failed');
    }
    log.info(
      { alarmId: alarm.id, kind: alarm.kind, trigger, findings: finding.count, mails: messages.length },
      'alarm run',
    );
    return { result: fires ? 'alarm' : 'no-alarm', message };
  }

  async function load(id: number): Promise<Alarm> {
    const row = await alarmRepo(deps.dataSource.manager).findOneBy({ id });
    if (!row) throw new NotFoundError(`no alarm ${id}`);
    return toAlarm(row);
  }

  return {
    /** Runs one alarm for the period ending at `at`; `dedupeKey` makes a retried run send nothing twice. */
    async run(id: number, trigger: AlarmTrigger, at: Date, dedupeKey: string): Promise<AlarmRunOutcome> {
      const alarm = await load(id);
      const period = runPeriod(alarm, at.getTime(), trigger);
      try {
        const finding = await evaluateAlarm(alarm.kind, alarm.settings, period, alarm.ownerScope, deps.sources);
        return await deliver(alarm, finding, period, trigger, dedupeKey);
      } catch (err) {
        log.error({ err, alarmId: id }, 'alarm run failed');
        const message = `failed: ${(err as Error).message}`.slice(0, 480);
        await historyRepo(deps.dataSource.manager).insert({
          alarmId: id,
          kind: alarm.kind,
          description: alarm.description,
          ranAt: deps.clock.now().getTime(),
          periodFrom: period.from,
          periodTo: period.to,
          trigger,
          outcome: 'failed',
          findings: 0,
          message,
          mails: 0,
          webhook: '',
          detail: 'null',
        });
        await alarmRepo(deps.dataSource.manager).update(
          { id },
          { lastRunAt: deps.clock.now().getTime(), lastMessage: message },
        );
        throw err;
      }
    },

    /** Tells an event alarm's recipients at once (an emergency call, a burst). */
    async raise(alarm: Alarm, event: AlarmEvent): Promise<AlarmRunOutcome> {
      const at = event.at.getTime();
      return deliver(alarm, event.finding, { from: at, to: at + 1 }, 'event', `alarm:${alarm.id}:${event.key}`, event);
    },
  };
}

export type AlarmRunner = ReturnType<typeof createAlarmRunner>;

function maskHeadline(
  headline: NonNullable<AlarmMailFrame['headline']>,
  digits: number,
): NonNullable<AlarmMailFrame['headline']> {
  const number = headline.values.number;
  if (typeof number !== 'string') return headline;
  const masked = maskCallRow({ direction: 'outgoing', number } as ReportRow, ['number'], digits).number;
  return { ...headline, values: { ...headline.values, number: String(masked) } };
}
