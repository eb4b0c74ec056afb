import { join } from 'node:path';
import { pino } from 'pino';
import {
  budgetSettingsFrom,
  createBudgetEngine,
  createBudgetReadModel,
  createBudgetService,
  type BudgetEngine,
  type BudgetReadModel,
  type BudgetService,
} from '../../src/budgets/index.js';
import { createManualClock } from '../../src/clock.js';
import { configSchema, type Config } from '../../src/config/index.js';
import {
  createDirectoryImportService,
  createDirectoryReadModel,
  type DirectoryReadModel,
} from '../../src/directory/index.js';
import { createEventBus, type DomainEvents, type EventBus } from '../../src/events/index.js';
import { createLockService, createPinHasher, type LockService } from '../../src/locks/index.js';
import { createOutboxService, loadTemplateCatalog, type OutboxService } from '../../src/notify/index.js';
import type { DatabaseKind } from '../../src/store/index.js';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { insertRatedCalls, type TestCall } from './rated-calls.js';

export type { TestCall };

const fixtureDir = join(import.meta.dirname, '../../fixtures/budgets');

export interface BudgetFixture {
  db: TestDatabase;
  config: Config;
  clock: ReturnType<typeof createManualClock>;
  events: EventBus;
  stateChanges: Array<DomainEvents['budget.state-changed']>;
  lockEvents: Array<DomainEvents['lock.changed']>;
  listenerErrors: unknown[];
  directory: DirectoryReadModel;
  locks: LockService;
  smtp: SmtpTestServer;
  outbox: OutboxService;
  engine: BudgetEngine;
  service: BudgetService;
  readModel: BudgetReadModel;
  userId(username: string): Promise<number>;
  lineIds(username: string): Promise<number[]>;
  /** Stores calls as the CDR collector does: one transaction, then 'calls.stored'. Returns the ids. */
  storeCalls(calls: TestCall[]): Promise<number[]>;
  /** Stores calls without announcing them, as another process (the CLI) would. */
  storeCallsSilently(calls: TestCall[]): Promise<number[]>;
  /** A new engine on the same database and bus, as after a restart (fully loaded); the old one is stopped. */
  restartEngine(): Promise<BudgetEngine>;
  /** The same, returning as soon as start() does (before the full load). */
  restartEngineWarmOnly(): Promise<BudgetEngine>;
  close(): Promise<void>;
}

export const cli = { actor: 'tester', via: 'cli' as const };

export async function openBudgetFixture(
  kind: DatabaseKind,
  options: { start?: string; config?: Record<string, unknown> } = {},
): Promise<BudgetFixture> {
  const db = await openTestDatabase(kind);
  const clock = createManualClock(options.start ?? '2026-03-10T09:00:00Z');
  const listenerErrors: unknown[] = [];
  const events = createEventBus((_event, err) => listenerErrors.push(err));
  const stateChanges: Array<DomainEvents['budget.state-changed']> = [];
  const lockEvents: Array<DomainEvents['lock.changed']> = [];
  events.on('budget.state-changed', (e) => stateChanges.push(e));
  events.on('lock.changed', (e) => lockEvents.push(e));
  const log = pino({ level: 'silent' });
  const directory = createDirectoryReadModel({ dataSource: db.dataSource });
  const importer = createDirectoryImportService({
    dataSource: db.dataSource,
    events: createEventBus(() => undefined),
    log,
  });
  const summaries = await importer.importFiles(
    ['departments.csv', 'cost-centres.csv', 'users.csv', 'lines.csv'].map((f) => join(fixtureDir, f)),
  );
  const problems = summaries.flatMap((s) => [
    ...s.rejected.map((r) => `${s.file}:${r.line} ${r.reason}`),
    ...(s.refused ? [s.refused] : []),
  ]);
  if (problems.length) throw new Error(`fixture import failed: ${problems.join('; ')}`);

  const smtp = await startSmtpTestServer();
  const config = configSchema.parse({
    general: { timeZone: 'Europe/Rome', defaultLanguage: 'en' },
    smtp: {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      from: 'Tollgate <tollgate@example.com>',
      adminAddresses: ['noc@example.com'],
      retryDelaySeconds: 60,
    },
    ...options.config,
  });
  const locks = createLockService({
    dataSource: db.dataSource,
    lines: directory,
    events,
    clock,
    log,
    hasher: createPinHasher(),
    pin: { length: 4, defaultPin: '', maxAttempts: 5, lockoutMinutes: 15, rejectTrivial: true },
  });
  const outbox = createOutboxService({
    dataSource: db.dataSource,
    smtp: config.smtp,
    clock,
    log,
    pollIntervalMs: 3_600_000,
  });
  const templates = loadTemplateCatalog(config.smtp.templatesDir);
  const settings = { ...budgetSettingsFrom(config), backstopPollMs: 3_600_000 };
  const makeEngine = () =>
    createBudgetEngine({
      dataSource: db.dataSource,
      events,
      clock,
      log,
      settings,
      directory,
      locks,
      outbox,
      templates,
    });
  let engine = makeEngine();
  const service = createBudgetService({
    dataSource: db.dataSource,
    clock,
    calendar: settings.calendar,
    directory,
    onChanged: () => engine.reload(),
  });
  const readModel = createBudgetReadModel({
    dataSource: db.dataSource,
    clock,
    calendar: settings.calendar,
    rules: settings.rules,
    defaultLanguage: 'en',
    directory,
  });
  await outbox.start();

  const insert = (calls: TestCall[]) => insertRatedCalls(db.dataSource, directory, calls);

  return {
    db,
    config,
    clock,
    events,
    stateChanges,
    lockEvents,
    listenerErrors,
    directory,
    locks,
    smtp,
    outbox,
    get engine() {
      return engine;
    },
    service,
    readModel,
    async userId(username) {
      const u = await directory.userByUsername(username);
      if (!u) throw new Error(`no user ${username}`);
      return u.id;
    },
    async lineIds(username) {
      const u = await directory.userByUsername(username);
      return (await directory.linesOfUsers(u ? [u.id] : [])).map((l) => l.id).sort((a, b) => a - b);
    },
    async storeCalls(calls) {
      const { ids, summaries } = await insert(calls);
      events.emit('calls.stored', { fileName: `cdr_test_${ids[0] ?? 0}`, calls: summaries });
      return ids;
    },
    async storeCallsSilently(calls) {
      return (await insert(calls)).ids;
    },
    async restartEngine() {
      await engine.stop();
      engine = makeEngine();
      await engine.start();
      await engine.idle();
      return engine;
    },
    async restartEngineWarmOnly() {
      await engine.stop();
      engine = makeEngine();
      await engine.start();
      return engine;
    },
    async close() {
      await engine.stop();
      await outbox.stop();
      await smtp.close();
      await db.close();
    },
  };
}
