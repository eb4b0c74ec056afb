import type { DataSource } from 'typeorm';
import type { AuditRecorder } from '../audit/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/index.js';
import type { DirectoryReadModel } from '../directory/index.js';
import type { EventBus } from '../events/index.js';
import type { Logger } from '../logging/index.js';
import type { OutboxService } from '../notify/index.js';
import type { ReportService } from '../reports/index.js';
import { listenForAlarmEvents } from './alarm-event-listeners.js';
import { createAlarmRunner, type AlarmRunner } from './alarm-runner.js';
import { createAlarmService, type AlarmSchedules, type AlarmService } from './alarm-service.js';

export interface AlarmsDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  config: Pick<Config, 'alarms' | 'reports' | 'sites' | 'general'>;
  reports: ReportService;
  outbox: Pick<OutboxService, 'enqueue' | 'kick'>;
  directory: Pick<DirectoryReadModel, 'lineById'>;
  /** When the last CDR file with records was stored (the CDR collector's ledger). */
  lastRecordsAcquiredAt(): Promise<Date | null>;
  /** Listen for bursts and emergency calls (the daemon; not the CLI). */
  events?: EventBus;
  schedules?: AlarmSchedules;
  /** Where administrative actions on alarms are recorded. */
  audit: AuditRecorder;
}

export interface Alarms {
  service: AlarmService;
  runner: AlarmRunner;
  /** Resolves when the event alarms queued so far have been told (tests). */
  idle(): Promise<void>;
}

/** Alarms: the service behind the CLI and the web, the runner the scheduler calls, and the event alarms. */
export function createAlarms(deps: AlarmsDeps): Alarms {
  const { config } = deps;
  const timeZoneOf = (site: string | null) => config.sites[site ?? 'default']?.timeZone ?? config.general.timeZone;
  const runner = createAlarmRunner({
    dataSource: deps.dataSource,
    clock: deps.clock,
    log: deps.log,
    outbox: deps.outbox,
    privacy: config.reports.privacy,
    webhook: config.alarms.webhook,
    sources: {
      reports: deps.reports,
      timeZoneOf,
      sites: Object.keys(config.sites),
      maxListed: Math.min(config.alarms.maxListedCalls, config.reports.maxPageSize),
      lastAcquiredAt: async () => (await deps.lastRecordsAcquiredAt())?.getTime() ?? null,
    },
  });
  const service = createAlarmService({
    dataSource: deps.dataSource,
    clock: deps.clock,
    runner,
    defaultTimeZone: config.general.timeZone,
    audit: deps.audit,
    ...(deps.schedules ? { schedules: deps.schedules } : {}),
  });
  const listening = deps.events
    ? listenForAlarmEvents({
        events: deps.events,
        alarms: service,
        directory: deps.directory,
        reports: deps.reports,
        log: deps.log,
      })
    : null;
  return { service, runner, idle: () => listening?.idle() ?? Promise.resolve() };
}
