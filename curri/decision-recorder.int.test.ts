import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseKindsUnderTest,
  holdSqliteWriteLock,
  openTestDatabase,
  type TestDatabase,
} from '../test/harness/index.js';
import {
  createCurriDecisionStore,
  createSqliteDecisionStore,
  decisionValues,
  type SqliteDecisionHandle,
} from './curri-decision-store.js';
import { createDecisionRecorder, type DecisionRecord } from './decision-recorder.js';

function record(i: number): DecisionRecord {
  return {
    decidedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, 0, i)),
    context: 'hq',
    callingNumber: '2001',
    calledNumber: `9005551${String(i).padStart(3, '0')}`,
    transformedCallingNumber: '',
    transformedCalledNumber: '',
    callingDeviceName: 'SEP001122334401',
    triggerPoint: 'translationpattern',
    lineId: i % 2 === 0 ? 1 : null,
    outcome: 'deny',
    reason: 'locked-user',
    destination: '',
    latencyUs: 120 + i,
  };
}

describe.each(databaseKindsUnderTest())('CURRI decision recorder on %s', (kind) => {
  let db: TestDatabase;
  const count = async () =>
    Number(
      ((await db.dataSource.query('SELECT COUNT(*) AS n FROM curri_decisions')) as Array<{ n: number | string }>)[0]?.n,
    );

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  it('writes queued decisions in batches, with every field', async () => {
    const store = createCurriDecisionStore(db.dataSource);
    const recorder = createDecisionRecorder({
      write: (r) => store.insertMany(r),
      logger: pino({ level: 'silent' }),
      flushIntervalMs: 60_000,
      batchSize: 400,
      maxQueued: 10_000,
      onDropped: () => undefined,
    });
    for (let i = 0; i < 1000; i++) recorder.record(record(i));
    expect(recorder.queued).toBe(1000);
    await recorder.flush();
    expect(recorder.queued).toBe(0);
    expect(await count()).toBe(1000);
    const [row] = (await db.dataSource.query(
      "SELECT * FROM curri_decision_log WHERE called_number = '9005551007'",
    )) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({
      context: 'hq',
      calling_number: '2001',
      calling_device_name: 'SEP001122334401',
      trigger_point: 'translationpattern',
      line_id: null,
      outcome: 'deny',
      reason: 'locked-user',
      latency_us: 127,
    });
    expect(Number(row?.decided_at)).toBe(Date.UTC(2026, 2, 2, 9, 0, 0, 7));
  });

  it('writes a full batch at once, without waiting for the flush interval', async () => {
    const store = createCurriDecisionStore(db.dataSource);
    const recorder = createDecisionRecorder({
      write: (r) => store.insertMany(r),
      logger: pino({ level: 'silent' }),
      flushIntervalMs: 60_000,
      batchSize: 50,
      maxQueued: 10_000,
      onDropped: () => undefined,
    });
    const before = await count();
    recorder.start();
    try {
      for (let i = 0; i < 49; i++) recorder.record(record(i));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(recorder.queued).toBe(49);
      recorder.record(record(49));
      // Not within the answer that filled the batch: on a later turn of the event loop.
      expect(recorder.queued).toBe(50);
      for (let waited = 0; recorder.queued > 0 && waited < 5000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(recorder.queued).toBe(0);
      expect(await count()).toBe(before + 50);
    } finally {
      await recorder.stop();
    }
  });

  it(
    'keeps decisions while the database is unavailable, writes them when it is back, and drops the ' +
      'oldest beyond the cap',
    async () => {
      const store = createCurriDecisionStore(db.dataSource);
      let dropped = 0;
      const recorder = createDecisionRecorder({
        write: (r) => store.insertMany(r),
        logger: pino({ level: 'silent' }),
        flushIntervalMs: 60_000,
        batchSize: 50,
        maxQueued: 100,
        onDropped: (n) => {
          dropped += n;
        },
      });
      const before = await count();
      await db.dataSource.destroy();
      for (let i = 0; i < 150; i++) recorder.record(record(i));
      await recorder.flush();
      expect(recorder.queued).toBe(100);
      expect(dropped).toBe(50);
      await db.dataSource.initialize();
      await recorder.stop();
      expect(recorder.queued).toBe(0);
      expect(await count()).toBe(before + 100);
      // The newest were kept: records 50..149.
      const [oldest] = (await db.dataSource.query(
        `SELECT MIN(latency_us) AS m FROM curri_decisions WHERE id > ${before}`,
      )) as Array<{ m: number }>;
      expect(Number(oldest?.m)).toBe(120 + 50);
    },
  );
});

describe('the CURRI decision recorder during a long outage', () => {
  it(
    'keeps exactly the newest maxQueued records however many arrive, and writes them once the ' + 'store is back',
    async () => {
      const written: DecisionRecord[] = [];
      let up = false;
      let dropped = 0;
      const recorder = createDecisionRecorder({
        write: async (batch) => {
          if (!up) throw new Error('database down');
          written.push(...batch);
        },
        logger: pino({ level: 'silent' }),
        flushIntervalMs: 60_000,
        batchSize: 40,
        maxQueued: 100,
        onDropped: (n) => {
          dropped += n;
        },
      });
      for (let i = 0; i < 10_000; i++) {
        recorder.record(record(i));
        if (i % 997 === 0) await recorder.flush();
      }
      expect(recorder.queued).toBe(100);
      expect(dropped).toBe(9_900);
      up = true;
      await recorder.flush();
      expect(recorder.queued).toBe(0);
      expect(written.map((r) => r.latencyUs)).toEqual(Array.from({ length: 100 }, (_, k) => 120 + 9_900 + k));
    },
  );
});

describe('the SQLite decision store of the writer thread', () => {
  it('writes batches through prepared statements, with every field', async () => {
    const db = await openTestDatabase('sqlite');
    const count = async () =>
      Number(
        ((await db.dataSource.query('SELECT COUNT(*) AS n FROM curri_decisions')) as Array<{ n: number | string }>)[0]
          ?.n,
      );
    const handle = (db.dataSource.driver as unknown as { databaseConnection: SqliteDecisionHandle }).databaseConnection;
    const before = await count();
    createSqliteDecisionStore(handle).insertRows(
      JSON.parse(JSON.stringify(Array.from({ length: 300 }, (_, i) => decisionValues(record(i))))),
    );
    expect(await count()).toBe(before + 300);
    const [row] = (await db.dataSource.query(
      `SELECT * FROM curri_decision_log WHERE id > ${before} AND called_number = '9005551008'`,
    )) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({
      context: 'hq',
      calling_number: '2001',
      calling_device_name: 'SEP001122334401',
      trigger_point: 'translationpattern',
      line_id: 1,
      outcome: 'deny',
      reason: 'locked-user',
      latency_us: 128,
    });
    expect(Number(row?.decided_at)).toBe(Date.UTC(2026, 2, 2, 9, 0, 0, 8));
    await db.close();
  });

  it('forgets the codes a failed batch drew, so the next batch stores its texts again', async () => {
    const db = await openTestDatabase('sqlite');
    const handle = (db.dataSource.driver as unknown as { databaseConnection: SqliteDecisionHandle }).databaseConnection;
    const store = createSqliteDecisionStore(handle);
    const divert = (i: number, latencyUs: number) =>
      decisionValues({
        ...record(i),
        reason: 'budget-exhausted',
        destination: '2999',
        callingDeviceName: 'SEP0A',
        latencyUs,
      });
    await db.dataSource.query(
      'CREATE TRIGGER refuse BEFORE INSERT ON curri_decisions WHEN NEW.latency_us = 999 ' +
        "BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    // A new kind and a new device drawn, then the batch fails: both codes roll back with it.
    expect(() => store.insertRows([divert(1, 10), divert(2, 999)])).toThrow(/refused/);
    await db.dataSource.query('DROP TRIGGER refuse');
    store.insertRows([divert(3, 10)]);
    const rows = (await db.dataSource.query(
      'SELECT reason, destination, calling_device_name FROM curri_decision_log',
    )) as Array<Record<string, unknown>>;
    expect(rows).toEqual([{ reason: 'budget-exhausted', destination: '2999', calling_device_name: 'SEP0A' }]);
    await db.close();
  });

  it('waits for a write another connection holds (the ingest, a re-rating page), losing no batch', async () => {
    const db = await openTestDatabase('sqlite');
    const handle = (db.dataSource.driver as unknown as { databaseConnection: SqliteDecisionHandle }).databaseConnection;
    const store = createSqliteDecisionStore(handle);
    // A first batch opens the connection's read of the table, as a running writer thread's has.
    store.insertRows([decisionValues(record(0))]);
    const lock = await holdSqliteWriteLock((handle as unknown as { name: string }).name, 300);
    store.insertRows(Array.from({ length: 50 }, (_, i) => decisionValues(record(i + 1))));
    await lock.released;
    const [{ n }] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM curri_decisions')) as [{ n: number }];
    expect(Number(n)).toBe(51);
    await db.close();
  });
});
