import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { configSchema } from '../config/index.js';
import { sqlitePathOf } from '../store/index.js';
import { openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { seedDirectory, seedFebruaryCalls, testReportService } from '../../test/reports/call-fixtures.js';
import { createReportService, parseReportOptions, type ReportViewer } from './index.js';
import { createSqliteReportReader, type SqliteReportReader } from './sqlite-report-reader.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const february = { timeZone: 'Europe/Rome', period: { from: '2021-02-01', to: '2021-02-28' } };

describe('report queries in a reader thread (SQLite)', () => {
  let db: TestDatabase;
  let reader: SqliteReportReader;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    await seedFebruaryCalls(db.dataSource, await seedDirectory(db.dataSource));
    reader = createSqliteReportReader({ path: sqlitePathOf(db.url), log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await reader.close();
    await db.close();
  });

  it('answers exactly as the main connection does', async () => {
    const threaded = createReportService({
      db: reader,
      clock: createManualClock('2021-03-15T10:00:00Z'),
      config: { reports: configSchema.parse({}).reports, defaultTimeZone: 'UTC' },
      logger: pino({ level: 'silent' }),
    });
    const direct = testReportService(db.dataSource);
    for (const options of [
      { kind: 'calls' },
      { kind: 'summary', groupBy: 'department' },
      { kind: 'trend', interval: 'day' },
    ] as const) {
      const parsed = parseReportOptions({ ...february, ...options });
      if (parsed.kind === 'calls')
        expect(await threaded.listCalls(parsed, admin)).toEqual(await direct.listCalls(parsed, admin));
      if (parsed.kind === 'summary')
        expect(await threaded.summarize(parsed, admin)).toEqual(await direct.summarize(parsed, admin));
      if (parsed.kind === 'trend')
        expect(await threaded.trend(parsed, admin)).toEqual(await direct.trend(parsed, admin));
    }
  });

  it('keeps the event loop free while a long query runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const rows = await reader.all(
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT COUNT(*) AS c FROM n',
      [],
    );
    clearInterval(timer);
    expect(rows).toEqual([{ c: 3_000_000 }]);
    expect(ticks).toBeGreaterThan(0);
  });

  it("rejects a bad query with SQLite's message and stays usable; refuses writes", async () => {
    await expect(reader.all('SELECT nope FROM calls', [])).rejects.toThrow(/no such column: nope/);
    await expect(reader.all('DELETE FROM calls', [])).rejects.toThrow('report queries only read');
    expect(await reader.all('SELECT COUNT(*) AS c FROM calls WHERE id > ?', [0])).toEqual([{ c: 10 }]);
  });

  it('answers a short query beside a long one with two threads, and after it with one', async () => {
    const long =
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT COUNT(*) AS c FROM n';
    const path = sqlitePathOf(db.url);
    const log = pino({ level: 'silent' });
    for (const [threads, expected] of [
      [2, ['short', 'long']],
      [1, ['long', 'short']],
    ] as const) {
      const pool = createSqliteReportReader({ path, log, threads });
      // Both threads running before the race, so a start-up does not decide the order.
      await Promise.all([pool.all('SELECT 1 AS one', []), pool.all('SELECT 1 AS one', [])]);
      const order: string[] = [];
      await Promise.all([
        pool.all(long, []).then((rows) => order.push('long') && expect(rows).toEqual([{ c: 3_000_000 }])),
        pool
          .all('SELECT COUNT(*) AS c FROM calls', [])
          .then((rows) => order.push('short') && expect(rows).toEqual([{ c: 10 }])),
      ]);
      await pool.close();
      expect(order).toEqual(expected);
    }
  });

  it('starts again after being closed', async () => {
    await reader.close();
    expect(await reader.all('SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
  });
});
