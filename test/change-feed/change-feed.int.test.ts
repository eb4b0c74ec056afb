import { join } from 'node:path';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBudgetService, type BudgetService } from '../../src/budgets/index.js';
import {
  changeChannelOf,
  createChangeFeedWriter,
  LISTENER_APPLICATION_NAME,
  type ChangeFeedWriter,
} from '../../src/change-feed/index.js';
import { createManualClock } from '../../src/clock.js';
import {
  createDirectoryImportService,
  createDirectoryReadModel,
  type DirectoryImportService,
} from '../../src/directory/index.js';
import { createEventBus } from '../../src/events/index.js';
import { createLockService, createPinHasher, type LockService } from '../../src/locks/index.js';
import { createDataSource } from '../../src/store/index.js';
import { createTariffPlansService } from '../../src/tariff-plans/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../harness/index.js';
import { defaultPinPolicy } from '../phone/phone-lock-fixture.js';
import { composePhoneLockDaemon, importPhoneLockDirectory, type PhoneLockDaemon } from '../phone/phone-lock-daemon.js';
import { waitUntil } from './wait-until.js';

const newLines = join(import.meta.dirname, '../../fixtures/change-feed/lines.csv');
const admin = { actor: 'ops', via: 'cli' as const, role: 'admin' as const };

/** What the CLI composes, on a DataSource of its own (another connection, as another process has). */
interface OtherProcess {
  dataSource: DataSource;
  changes: ChangeFeedWriter;
  locks: LockService;
  directoryImport: DirectoryImportService;
  budgets: BudgetService;
}

async function openOtherProcess(db: TestDatabase, clock: ReturnType<typeof createManualClock>): Promise<OtherProcess> {
  const dataSource = createDataSource({ url: db.url, ...(db.schema ? { schema: db.schema } : {}) });
  await dataSource.initialize();
  const changes = createChangeFeedWriter({ clock, origin: 'the-cli' });
  const log = pino({ level: 'silent' });
  const events = createEventBus(() => undefined);
  const directory = createDirectoryReadModel({ dataSource });
  const locks = createLockService({
    dataSource,
    lines: directory,
    events,
    clock,
    log,
    hasher: createPinHasher(),
    pin: defaultPinPolicy,
    changes,
  });
  const directoryImport = createDirectoryImportService({ dataSource, events, log, changes });
  const budgets = createBudgetService({
    dataSource,
    clock,
    calendar: { timeZone: 'UTC', weekStartsOn: 1 },
    directory,
    changes,
  });
  return { dataSource, changes, locks, directoryImport, budgets };
}

describe.each(databaseKindsUnderTest())(
  'changes another process commits reach a running daemon within a second (%s)',
  (kind) => {
    const tmp = makeTempDir('tollgate-change-feed-');
    const clock = createManualClock(new Date());
    let db: TestDatabase;
    let d: PhoneLockDaemon;
    let other: OtherProcess;

    beforeAll(async () => {
      db = await openTestDatabase(kind);
      d = await composePhoneLockDaemon(db.dataSource, { general: { dataDir: tmp.path } }, clock);
      await importPhoneLockDirectory(d.tollgate);
      await d.tollgate.start();
      other = await openOtherProcess(db, clock);
    }, 60_000);
    afterAll(async () => {
      await d.tollgate.stop();
      await other.dataSource.destroy();
      await db.close();
      tmp.cleanup();
    });

    it('a directory import: CURRI knows the new extension', async () => {
      expect(d.tollgate.curri.facts.linesByNumber('3900')).toHaveLength(0);
      const [summary] = await other.directoryImport.importFiles([newLines]);
      expect(summary).toMatchObject({ added: 1, refused: null });
      const ms = await waitUntil(() => d.tollgate.curri.facts.linesByNumber('3900').length === 1, 1000);
      expect(ms).toBeLessThan(1000);
    });

    it('a lock: lock.changed is published (CURRI and the phones follow it)', async () => {
      d.lockEvents.length = 0;
      const { state } = await other.locks.setLock({ extension: '3002' }, 'admin', admin);
      const ms = await waitUntil(() => d.lockEvents.some((e) => e.extension === '3002' && e.locked), 1000);
      expect(ms).toBeLessThan(1000);
      expect(d.lockEvents).toEqual([
        expect.objectContaining({ lineId: state.lineId, kinds: ['admin'], actor: 'ops', via: 'cli' }),
      ]);
      expect(d.tollgate.curri.facts.lockKinds(state.lineId)).toEqual(['admin']);
    });

    it('a change the daemon made itself is published once, not again when it reads its own row', async () => {
      d.lockEvents.length = 0;
      await d.tollgate.locks.setLock({ extension: '3001' }, 'admin', admin);
      // Another process commits too, so the daemon reads the feed past its own row.
      await other.dataSource.transaction((em) => other.changes.append(em, 'budgets'));
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(d.lockEvents.map((e) => e.extension)).toEqual(['3001']);
    });

    it('a tariff reload by command: the daemon reloads its plans too', async () => {
      const reloads: number[] = [];
      const off = d.tollgate.events.on('tariffs.reloaded', (e) => reloads.push(e.plans));
      const tariffs = createTariffPlansService({
        settings: d.tollgate.config.tariffs,
        events: createEventBus(() => undefined),
        log: pino({ level: 'silent' }),
        clock,
        announce: () => other.dataSource.transaction((em) => other.changes.append(em, 'tariffs')),
      });
      expect(await tariffs.reload()).toMatchObject({ ok: true });
      expect(await waitUntil(() => reloads.length === 1, 1000)).toBeLessThan(1000);
      off();
    });

    it('a budget edit: the spend engine follows the new budget', async () => {
      const budget = await other.budgets.add(
        {
          name: 'Anna',
          scope: 'user',
          target: 'anna.verdi',
          period: 'month',
          amountMinor: 5000,
          currency: 'EUR',
          thresholds: [],
        },
        { actor: 'ops', via: 'cli' },
      );
      const ms = await waitUntil(() => d.tollgate.budgets.engine.live(budget.id) !== null, 1000);
      expect(ms).toBeLessThan(1000);
      await other.budgets.adjust(budget.id, { amountMinor: 7000 }, { actor: 'ops', via: 'cli' });
      await waitUntil(() => d.tollgate.budgets.engine.live(budget.id)?.[0]?.allowanceMinor === 7000, 1000);
    });

    it('a budget edit arrives by the feed only: one without a feed row stays unknown to a re-sum', async () => {
      const silent = createBudgetService({
        dataSource: other.dataSource,
        clock,
        calendar: { timeZone: 'UTC', weekStartsOn: 1 },
        directory: createDirectoryReadModel({ dataSource: other.dataSource }),
      });
      const budget = await silent.add(
        {
          name: 'Unannounced',
          scope: 'user',
          target: 'anna.verdi',
          period: 'week',
          amountMinor: 100,
          currency: 'EUR',
          thresholds: [],
        },
        { actor: 'ops', via: 'cli' },
      );
      await d.tollgate.budgets.engine.reconcile();
      expect(d.tollgate.budgets.engine.live(budget.id)).toBeNull();
      // The next announced change brings the daemon up to date, this budget with it.
      await other.dataSource.transaction((em) => other.changes.append(em, 'budgets'));
      const ms = await waitUntil(() => d.tollgate.budgets.engine.live(budget.id) !== null, 1000);
      expect(ms).toBeLessThan(1000);
    });

    if (kind === 'postgres')
      it('after its LISTEN connection is killed, the daemon reconnects and catches up what it missed', async () => {
        const channel = changeChannelOf(db.dataSource);
        const killed = (await db.dataSource.query(
          'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND query = $2',
          [LISTENER_APPLICATION_NAME, `LISTEN "${channel}"`],
        )) as Array<{ killed: boolean }>;
        expect(killed).toEqual([{ killed: true }]);
        d.lockEvents.length = 0;
        // Committed while the listener is away: its notification reaches nobody, the resync must find it.
        await other.locks.setLock({ extension: '3003' }, 'admin', admin);
        await waitUntil(() => d.lockEvents.some((e) => e.extension === '3003'), 10_000);
        expect(
          d.logs.some((l) => l.includes('change feed listener reconnected: resyncing') && l.includes('"missed":1')),
        ).toBe(true);
        // And it listens again: the next change arrives within a second.
        await other.locks.setLock({ extension: '3004' }, 'admin', admin);
        expect(await waitUntil(() => d.lockEvents.some((e) => e.extension === '3004'), 1000)).toBeLessThan(1000);
        expect(d.lockEvents.filter((e) => e.extension === '3003')).toHaveLength(1);
      }, 20_000);
  },
);
