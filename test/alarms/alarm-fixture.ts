import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createAuditService, type AuditActor, type AuditService } from '../../src/audit/index.js';
import { createAlarms, registerAlarmHandler, schedulerAlarmSchedules, type Alarms } from '../../src/alarms/index.js';
import { createScheduleService, createScheduler, type Scheduler } from '../../src/scheduler/index.js';
import { createIngestStatusReadModel } from '../../cdr-collector/index.js';
import { createManualClock } from '../../src/clock.js';
import { configSchema, type Config } from '../../src/config/index.js';
import { createDirectoryReadModel } from '../../src/directory/index.js';
import { createEventBus, type EventBus } from '../../src/events/index.js';
import { createOutboxService, type OutboxService } from '../../src/notify/index.js';
import { createReportService, dataSourceReportDatabase } from '../../src/reports/index.js';

export interface AlarmTestKit {
  alarms: Alarms;
  clock: ReturnType<typeof createManualClock>;
  outbox: OutboxService;
  events: EventBus;
  config: Config;
  scheduler: Scheduler;
  audit: AuditService;
}

/** The door tests act through when they call a service directly (services audit every change). */
export const testDoor: AuditActor = { actor: 'test', role: 'admin', via: 'cli', from: 'test-host' };

/**
 * Alarms over a test database, as compose.ts builds them, with a clock the test moves, the scheduler (not started:
 * tests call runDue) and (optionally) a real SMTP server.
 */
export function alarmTestKit(
  dataSource: DataSource,
  options: { smtpPort?: number; config?: Record<string, unknown> } = {},
): AlarmTestKit {
  const config = configSchema.parse({
    general: { timeZone: 'UTC' },
    sites: { default: { country: 'IT', timeZone: 'UTC', pstnAccessCode: '0' } },
    smtp: options.smtpPort
      ? { host: '127.0.0.1', port: options.smtpPort, security: 'none', from: 'Tollgate <tollgate@example.com>' }
      : {},
    alarms: { webhook: { attempts: 3, retryDelayMs: 50, timeoutMs: 2000 } },
    ...options.config,
  });
  const clock = createManualClock('2021-02-11T00:00:00Z');
  const log = pino({ level: 'silent' });
  const events = createEventBus(() => undefined);
  const reports = createReportService({
    db: dataSourceReportDatabase(dataSource),
    clock,
    config: { reports: config.reports, defaultTimeZone: 'UTC', siteCountries: { default: 'IT' } },
    logger: log,
  });
  const outbox = createOutboxService({ dataSource, smtp: config.smtp, clock, log });
  const ingest = createIngestStatusReadModel({ dataSource });
  const scheduler = createScheduler({ dataSource, clock, log, origin: 'alarm-test', leaseMs: 30_000 });
  const schedules = createScheduleService({ dataSource, clock, onChanged: () => scheduler.changed() });
  const audit = createAuditService({ dataSource, clock });
  const alarms = createAlarms({
    dataSource,
    clock,
    log,
    config,
    reports,
    outbox,
    directory: createDirectoryReadModel({ dataSource }),
    lastRecordsAcquiredAt: () => ingest.lastRecordsAcquiredAt(),
    events,
    schedules: schedulerAlarmSchedules(schedules, scheduler),
    audit,
  });
  registerAlarmHandler(scheduler, alarms.service);
  return { alarms, clock, outbox, events, config, scheduler, audit };
}
