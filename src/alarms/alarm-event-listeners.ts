import type { DirectoryReadModel } from '../directory/index.js';
import type { EventBus } from '../events/index.js';
import type { Logger } from '../logging/index.js';
import { parseReportOptions, type ReportService, type ReportViewer } from '../reports/index.js';
import { viewerScope } from '../viewer/index.js';
import type { AlarmEvent } from './alarm-runner.js';
import type { AlarmService } from './alarm-service.js';
import { alarmCallFields } from './evaluate-alarm.js';

export interface AlarmEventDeps {
  events: EventBus;
  alarms: Pick<AlarmService, 'raise'>;
  directory: Pick<DirectoryReadModel, 'lineById'>;
  reports: Pick<ReportService, 'listCalls'>;
  log: Logger;
}

/** An emergency call is told once: CURRI sees it first, the CDR of the same call an instant later is the same call. */
const SAME_CALL_MS = 30 * 60_000;

function covers(owner: ReportViewer, who: { department: string | null; username: string | null }): boolean {
  const scope = viewerScope(owner);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'departments') return who.department !== null && scope.departments.includes(who.department);
  return who.username !== null && who.username === scope.username;
}

const digitsOf = (n: string) => n.replace(/\D/g, '');

/**
 * Event alarms: a CURRI attempt burst and an emergency call (seen by CURRI or
 * stored from a CDR) reach the recipients of every active alarm of that kind
 * whose owner's scope covers the line, at once. Listeners queue their work, one
 * event after the other, and never hold up the emitter.
 */
export function listenForAlarmEvents(deps: AlarmEventDeps): { idle(): Promise<void> } {
  const log = deps.log.child({ module: 'alarms' });
  let queue: Promise<void> = Promise.resolve();
  const recentEmergencies = new Map<string, number>();
  const enqueue = (what: string, work: () => Promise<unknown>) => {
    queue = queue.then(work).then(
      () => undefined,
      (err: unknown) => log.error({ err, what }, 'event alarm failed'),
    );
  };
  const firstSighting = (extension: string, number: string, at: number): boolean => {
    for (const [k, t] of recentEmergencies) if (at - t > SAME_CALL_MS) recentEmergencies.delete(k);
    const key = `${extension}|${digitsOf(number).slice(-6)}`;
    if (recentEmergencies.has(key)) return false;
    recentEmergencies.set(key, at);
    return true;
  };

  async function lineOwner(lineId: number | null) {
    const line = lineId === null ? null : await deps.directory.lineById(lineId);
    return {
      extension: line?.extension ?? '',
      department: line?.user?.departmentName ?? null,
      username: line?.user?.username ?? null,
    };
  }

  deps.events.on('curri.attempt-burst', (e) => {
    enqueue('attempt-burst', async () => {
      const who = await lineOwner(e.lineId);
      const extension = who.extension || e.callingNumber;
      const call = {
        startedAt: Math.floor(e.at.getTime() / 1000),
        extension,
        user: who.username,
        direction: 'outgoing',
        number: e.calledNumber,
        destination: null,
        destinationType: null,
        duration: null,
        cost: null,
      };
      const event: AlarmEvent = {
        key: `burst:${e.lineId}:${e.at.getTime()}`,
        at: e.at,
        finding: { count: 1, fields: alarmCallFields, calls: [call], truncated: false, groups: [] },
        headline: {
          key: 'burst',
          values: {
            extension,
            user: who.username ?? '',
            attempts: e.attempts,
            minutes: e.windowMinutes,
            number: e.calledNumber,
            at: e.at.toISOString(),
          },
        },
      };
      await deps.alarms.raise('attempt-burst', async (owner) => (covers(owner, who) ? event : null));
    });
  });

  deps.events.on('curri.emergency-call', (e) => {
    enqueue('emergency (CURRI)', async () => {
      const who = await lineOwner(e.lineId);
      const extension = who.extension || e.callingNumber;
      if (!firstSighting(extension, e.calledNumber, e.at.getTime())) return;
      const call = {
        startedAt: Math.floor(e.at.getTime() / 1000),
        extension,
        user: who.username,
        direction: 'outgoing',
        number: e.calledNumber,
        destination: null,
        destinationType: 'emergency',
        duration: null,
        cost: null,
      };
      const event: AlarmEvent = {
        key: `emergency:curri:${extension}:${e.at.getTime()}`,
        at: e.at,
        publicNumbers: true,
        finding: { count: 1, fields: alarmCallFields, calls: [call], truncated: false, groups: [] },
        headline: {
          key: 'emergency',
          values: { extension, user: who.username ?? '', number: e.calledNumber, at: e.at.toISOString() },
        },
      };
      await deps.alarms.raise('emergency-call', async (owner) => (covers(owner, who) ? event : null));
    });
  });

  deps.events.on('calls.stored', (e) => {
    const emergencies = e.calls.filter((c) => c.destinationType === 'emergency');
    if (emergencies.length === 0) return;
    enqueue('emergency (CDR)', async () => {
      for (const stored of emergencies) {
        const at = stored.startedAt;
        const options = parseReportOptions({
          kind: 'calls',
          fields: alarmCallFields,
          period: { from: '1970-01-01T00:00:00Z' },
          conditions: [{ field: 'id', op: 'eq', value: stored.id }],
        });
        let seen = false;
        await deps.alarms.raise('emergency-call', async (owner) => {
          // The call as the owner's scope lets them see it; none when it is not theirs.
          const page = await deps.reports.listCalls(options, { ...owner, mask: false }, { page: 1, pageSize: 1 });
          const row = page.rows[0];
          if (!row) return null;
          const extension = String(row.extension ?? '');
          const number = String(row.number ?? '');
          if (!seen && !firstSighting(extension, number, at.getTime())) return null;
          seen = true;
          return {
            key: `emergency:cdr:${stored.id}`,
            at,
            publicNumbers: true,
            finding: { count: 1, fields: alarmCallFields, calls: [row], truncated: false, groups: [] },
            headline: {
              key: 'emergency',
              values: { extension, user: String(row.user ?? ''), number, at: at.toISOString() },
            },
          };
        });
      }
    });
  });

  return { idle: () => queue };
}
