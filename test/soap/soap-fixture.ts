import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino, type Logger } from 'pino';
import { createIngestStatusReadModel } from '../../cdr-collector/index.js';
import { createAuditService, type AuditService } from '../../src/audit/index.js';
import { createAdminAccountService, createSignInThrottle } from '../../src/admin-accounts/index.js';
import { budgetSettingsFrom, createBudgetReadModel, createBudgetService } from '../../src/budgets/index.js';
import { createManualClock } from '../../src/clock.js';
import { configSchema } from '../../src/config/index.js';
import { createDirectoryReadModel } from '../../src/directory/index.js';
import { createEventBus } from '../../src/events/index.js';
import { createLockService, createPinHasher, type LockService } from '../../src/locks/index.js';
import { createReportService, dataSourceReportDatabase } from '../../src/reports/index.js';
import { createSoapReportingRouter, SOAP_MOUNT } from '../../src/soap/index.js';
import { cdrFileEntity, lineEntity, type DatabaseKind } from '../../src/store/index.js';
import { createCurriDecisionStore, type DecisionRecord } from '../../curri/testing/decision-storage.js';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';
import { seedDirectory, seedFebruaryCalls } from '../reports/call-fixtures.js';

type ManualClock = ReturnType<typeof createManualClock>;

export const ROOT = { username: 'root', password: 'correct horse battery' };
export const SUE = { username: 'sue', password: 'support staple 42' };

export interface SoapFixture {
  db: TestDatabase;
  app: express.Express;
  /** Base URL of a real HTTP listener on loopback serving `app`. */
  url: string;
  locks: LockService;
  audit: AuditService;
  clock: ManualClock;
  calls: Record<string, number>;
  close(): Promise<void>;
}

/**
 * Everything the SOAP API reads, real and on one database: the report
 * fixtures' directory and February 2021 calls, admin accounts (root, and sue
 * supervising Support), budgets for Sales and Support, the lock service,
 * some CURRI decisions, two files in the CDR ledger; served over HTTP on 127.0.0.1.
 */
export async function openSoapFixture(kind: DatabaseKind, options: { log?: Logger } = {}): Promise<SoapFixture> {
  const db = await openTestDatabase(kind);
  const ds = db.dataSource;
  const calls = await seedFebruaryCalls(ds, await seedDirectory(ds));
  const clock = createManualClock('2021-02-15T10:00:00Z');
  const config = configSchema.parse({ general: { timeZone: 'Europe/Rome' } });
  const log = options.log ?? pino({ level: 'silent' });
  const directory = createDirectoryReadModel({ dataSource: ds });

  const accounts = createAdminAccountService({ dataSource: ds, clock });
  await accounts.create({ ...ROOT, role: 'admin' });
  await accounts.create({ ...SUE, role: 'supervisor', departments: ['Support'] });

  const settings = budgetSettingsFrom(config);
  const budgetService = createBudgetService({ dataSource: ds, clock, calendar: settings.calendar, directory });
  const actor = { actor: 'root', via: 'cli' as const };
  await budgetService.add(
    {
      name: 'Sales monthly',
      scope: 'department',
      target: 'Sales',
      sharing: 'pool',
      period: 'month',
      amountMinor: 100_000,
      currency: 'EUR',
    },
    actor,
  );
  await budgetService.add(
    {
      name: 'Support monthly',
      scope: 'department',
      target: 'Support',
      sharing: 'pool',
      period: 'month',
      amountMinor: 50_000,
      currency: 'EUR',
    },
    actor,
  );
  const budgets = createBudgetReadModel({
    dataSource: ds,
    clock,
    calendar: settings.calendar,
    rules: settings.rules,
    defaultLanguage: 'en',
    directory,
  });

  const audit = createAuditService({ dataSource: ds, clock });
  const locks = createLockService({
    dataSource: ds,
    lines: directory,
    events: createEventBus(() => undefined),
    clock,
    log,
    hasher: createPinHasher(),
    audit,
    pin: { length: 4, defaultPin: '', maxAttempts: 5, lockoutMinutes: 15, rejectTrivial: true },
  });

  const lineId = async (extension: string) =>
    ((await ds.getRepository(lineEntity.options.name).findOneBy({ extension })) as { id: number }).id;
  const decision = (
    line: number,
    outcome: DecisionRecord['outcome'],
    reason: string,
    iso: string,
    latencyUs: number,
  ): DecisionRecord => ({
    decidedAt: new Date(iso),
    lineId: line,
    outcome,
    // The SOAP tests' own reason texts: the store keeps whatever text it is given.
    reason: reason as DecisionRecord['reason'],
    latencyUs,
    context: '',
    callingNumber: '',
    calledNumber: '',
    transformedCallingNumber: '',
    transformedCalledNumber: '',
    callingDeviceName: '',
    triggerPoint: 'directorynumber',
    destination: '',
  });
  const [l211, l729] = [await lineId('211'), await lineId('729')];
  // Through the recorder's own store: decisions are stored with their texts as codes.
  await createCurriDecisionStore(ds).insertMany([
    decision(l211, 'permit', 'allowed', '2021-02-02T09:00:00Z', 800),
    decision(l211, 'permit', 'allowed', '2021-02-02T10:00:00Z', 1200),
    decision(l729, 'deny', 'line-locked', '2021-02-03T09:00:00Z', 500),
    decision(l729, 'permit', 'emergency', '2021-02-03T09:05:00Z', 300),
    decision(l729, 'deny', 'line-locked', '2021-03-03T09:00:00Z', 500),
  ]);

  const ledgerFile = (
    name: string,
    status: string,
    receivedAt: string,
    counts: [number, number, number, number],
    reason = '',
  ) => ({
    source: 'drop-folder',
    name,
    sizeBytes: 1000,
    checksum: `sha256-${name}`,
    kind: 'cdr',
    clusterId: 'CL1',
    status,
    recordsTotal: counts[0],
    recordsStored: counts[1],
    recordsDuplicate: counts[2],
    recordsRejected: counts[3],
    recordsSkipped: 0,
    linesCommitted: counts[0] + 2,
    reason,
    receivedAt: Date.parse(receivedAt),
    finishedAt: status === 'processing' ? null : Date.parse(receivedAt) + 2000,
  });
  await ds
    .getRepository(cdrFileEntity.options.name)
    .save([
      ledgerFile('cdr_CL1_01_202102150900_1', 'stored', '2021-02-15T09:00:05Z', [10, 8, 1, 1]),
      ledgerFile(
        'notes.txt',
        'quarantined',
        '2021-02-15T09:05:00Z',
        [0, 0, 0, 0],
        'not a CUCM CDR file: the header lacks cdrRecordType',
      ),
    ]);

  const reports = createReportService({
    db: dataSourceReportDatabase(ds),
    clock,
    config: { reports: config.reports, defaultTimeZone: config.general.timeZone, siteCountries: { default: 'IT' } },
    logger: log,
  });
  const app = express();
  const signIn = createSignInThrottle({ dataSource: ds, clock, settings: config.auth.signIn });
  const router = await createSoapReportingRouter({
    reports,
    accounts,
    signIn,
    directory,
    locks,
    budgets,
    ingest: createIngestStatusReadModel({ dataSource: ds }),
    log,
    publicUrl: '',
    bodyLimitBytes: config.http.bodyLimitBytes,
  });
  app.use(SOAP_MOUNT, router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    db,
    app,
    url,
    locks,
    audit,
    clock,
    calls,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
