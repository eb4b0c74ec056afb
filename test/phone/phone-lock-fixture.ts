import { join } from 'node:path';
import { pino } from 'pino';
import { createAuditService, type AuditService } from '../../src/audit/index.js';
import { createManualClock } from '../../src/clock.js';
import {
  createDirectoryImportService,
  createDirectoryReadModel,
  type DirectoryReadModel,
} from '../../src/directory/index.js';
import { createEventBus, type DomainEvents, type EventBus } from '../../src/events/index.js';
import { createLockService, createPinHasher, type LockService, type PinPolicy } from '../../src/locks/index.js';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';
import type { DatabaseKind } from '../../src/store/index.js';

const fixtureDir = join(import.meta.dirname, '../../fixtures/phone-lock');

export const defaultPinPolicy: PinPolicy = {
  length: 4,
  defaultPin: '',
  maxAttempts: 5,
  lockoutMinutes: 15,
  rejectTrivial: true,
};

export interface PhoneLockFixture {
  db: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  events: EventBus;
  lockEvents: Array<DomainEvents['lock.changed']>;
  directory: DirectoryReadModel;
  locks: LockService;
  /** The audit log the lock services record administrators' and supervisors' changes in. */
  audit: AuditService;
  /** A second lock service on the same database, as after a restart. */
  restart(pin?: Partial<PinPolicy>): LockService;
  /** A lock service of another process (the CLI): same database, its own event bus. */
  otherProcess(): LockService;
  close(): Promise<void>;
}

/** A migrated database holding fixtures/phone-lock, imported the way an administrator would (PINs provisioned). */
export async function openPhoneLockFixture(
  kind: DatabaseKind,
  pin: Partial<PinPolicy> = {},
): Promise<PhoneLockFixture> {
  const db = await openTestDatabase(kind);
  const clock = createManualClock('2026-03-02T09:00:00Z');
  const events = createEventBus((event, err) => {
    throw new Error(`listener of ${event} failed: ${String(err)}`);
  });
  const lockEvents: Array<DomainEvents['lock.changed']> = [];
  events.on('lock.changed', (e) => lockEvents.push(e));
  const log = pino({ level: 'silent' });
  const directory = createDirectoryReadModel({ dataSource: db.dataSource });
  const hasher = createPinHasher();
  const audit = createAuditService({ dataSource: db.dataSource, clock });
  const make = (overrides: Partial<PinPolicy>, bus: EventBus = events) =>
    createLockService({
      dataSource: db.dataSource,
      lines: directory,
      events: bus,
      clock,
      log,
      hasher,
      audit,
      pin: { ...defaultPinPolicy, ...overrides },
    });
  const locks = make(pin);
  const importer = createDirectoryImportService({
    dataSource: db.dataSource,
    events,
    log,
    provisionDefaultPin: async (lineId, value) => {
      await locks.provisionPin({ lineId }, value, { actor: 'directory-import', via: 'system', role: 'admin' });
    },
  });
  const summaries = await importer.importFiles(
    ['users.csv', 'lines.csv', 'devices.csv'].map((f) => join(fixtureDir, f)),
  );
  const problems = summaries.flatMap((s) => [
    ...s.rejected.map((r) => `${s.file}:${r.line} ${r.reason}`),
    ...(s.refused ? [s.refused] : []),
  ]);
  if (problems.length > 0) throw new Error(`fixture import failed: ${problems.join('; ')}`);
  return {
    db,
    clock,
    events,
    lockEvents,
    directory,
    locks,
    audit,
    restart: (overrides = {}) => make({ ...pin, ...overrides }),
    otherProcess: () =>
      make(
        pin,
        createEventBus(() => undefined),
      ),
    close: () => db.close(),
  };
}
