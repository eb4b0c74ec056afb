import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, blankCallRow, readStoredCalls } from '../../test/harness/index.js';
import { openPhoneLockFixture, type PhoneLockFixture } from '../../test/phone/phone-lock-fixture.js';
import type { TariffBook } from '../../tariffs/index.js';
import { siteSchema, type SiteConfig } from '../config/index.js';
import { createEventBus } from '../events/index.js';
import { createLogger } from '../logging/index.js';
import { callEntity, callSummaryKey, callTextSql, toStoredCallRows, type CallRow } from '../store/index.js';
import { createCallRerater, loadTariffBook } from './index.js';
import { mobileAndLondonPlan, ratedAtIngest } from './testing/rated-at-ingest.js';

// Issue 22: a re-rating of many calls on SQLite runs its pages (read, rate, update) in a thread of its own,
// so the daemon's main thread stays free for short transactions such as a lock change.

const sites: Record<string, SiteConfig> = {
  default: siteSchema.parse({ country: 'IT', pstnAccessCode: '0', localPrefixes: ['+3902'], timeZone: 'Europe/Rome' }),
  london: siteSchema.parse({ country: 'GB', areaCode: '020', pstnAccessCode: '9', timeZone: 'Europe/London' }),
};
const gatewaySites = new Map<string, string | null>([
  ['GW_MILANO', 'default'],
  ['GW_LONDON', 'london'],
]);

const CALLS = 20_000;
const START = Date.UTC(2025, 2, 3) / 1000;
const range = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') };

/** Call i of the data set: mobile and London numbers from two gateways, some unanswered or unrecognised. */
function call(i: number): Omit<CallRow, 'id'> {
  const startedAt = START + i * 101;
  const london = i % 3 === 0;
  const answered = i % 7 !== 0;
  return {
    ...blankCallRow(),
    globalCallId: i + 1,
    startedAt,
    connectedAt: answered ? startedAt + 4 : null,
    endedAt: startedAt + 30 + (i % 300),
    durationSeconds: answered ? 26 + (i % 300) : 0,
    answered,
    departmentId: null,
    site: 'default',
    gateway: london ? 'GW_LONDON' : 'GW_MILANO',
    dialledNumber: i % 50 === 0 ? '*67' : london ? `9${71234567 + i}` : `0335${1_000_000 + i}`,
  };
}

/** The call rated with `book`, as the collector stores it. */
const rated = (book: TariffBook, row: Omit<CallRow, 'id'>) =>
  ratedAtIngest(book, sites[gatewaySites.get(row.gateway ?? '') ?? 'default'] as SiteConfig, row);

/** This thread's time on a CPU so far, ms (Linux schedstat: not lengthened by other work on the machine). */
function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
}

const key = callSummaryKey.join(', ');
/** Per hour and key: calls, seconds, cost and rated calls, from the summaries (sums of their deltas)… */
const fromSummaries =
  `SELECT started_at AS hour, ${key}, SUM(calls) AS calls, SUM(duration_seconds) AS seconds, ` +
  `COALESCE(SUM(cost_minor), 0) AS cost, SUM(rated_calls) AS rated FROM call_summaries ` +
  `GROUP BY started_at, ${key} HAVING SUM(calls) <> 0 ORDER BY 1, ${key}`;
/** …and from the calls themselves. */
const fromCalls =
  `SELECT (started_at / 3600) * 3600 AS hour, ${key}, COUNT(*) AS calls, SUM(duration_seconds) AS seconds, ` +
  `COALESCE(SUM(cost_minor), 0) AS cost, COUNT(cost_minor) AS rated FROM calls ` +
  `GROUP BY (started_at / 3600) * 3600, ${key} ORDER BY 1, ${key}`;

describe.skipIf(!existsSync('/proc/thread-self/schedstat'))('re-rating a SQLite file', () => {
  let f: PhoneLockFixture;
  const temp = makeTempDir('tollgate-rerate-thread-');
  const book = async (id: string, mobile: string): Promise<TariffBook> => {
    writeFileSync(join(temp.path, 'p.yaml'), mobileAndLondonPlan({ id, mobile, london: '0.05' }));
    const loaded = await loadTariffBook({ plansDir: temp.path, destinationOverrides: [] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return loaded.book;
  };
  let rows: Array<Omit<CallRow, 'id'>>;
  const rerater = () =>
    createCallRerater({
      dataSource: f.db.dataSource,
      events: createEventBus((_e, err) => {
        throw err;
      }),
      log: createLogger({ level: 'silent' }),
      sites,
      gatewaySites: async () => gatewaySites,
    });
  const ratedCalls = () => rows.filter((r) => r.costMinor !== null).length;

  /** The stored calls' rating and the summaries are exactly what `book` gives the calls. */
  async function expectRatedWith(book: TariffBook): Promise<void> {
    const stored = await readStoredCalls(f.db.dataSource);
    const columns = (r: Pick<CallRow, 'costMinor' | 'currency' | 'tariffPlan' | 'tariffRow' | 'unratedReason'>) => [
      r.costMinor,
      r.currency,
      r.tariffPlan,
      r.tariffRow,
      r.unratedReason,
    ];
    expect(stored.map(columns)).toEqual(rows.map((r) => columns(rated(book, r))));
    expect(await f.db.dataSource.query(fromSummaries)).toEqual(await f.db.dataSource.query(fromCalls));
  }

  beforeAll(async () => {
    f = await openPhoneLockFixture('sqlite');
    const v1 = await book('v1', '0.10');
    rows = Array.from({ length: CALLS }, (_, i) => rated(v1, call(i)));
    const repo = f.db.dataSource.getRepository(callEntity.options.name);
    for (let i = 0; i < rows.length; i += 500)
      await repo.insert(await toStoredCallRows(f.db.dataSource.manager, rows.slice(i, i + 500)));
  }, 180_000);
  afterAll(async () => {
    await f.close();
    temp.cleanup();
  });

  it('leaves its pages (read, rating, update) to another thread: the main thread stays nearly idle', async () => {
    const v2 = await book('v2', '0.20');
    // What rating these calls alone costs the main thread (warm: they were rated with v1 before).
    let t0 = threadCpuMs();
    for (const r of rows) rated(v2, r);
    const ratingCpu = threadCpuMs() - t0;

    t0 = threadCpuMs();
    const summary = await rerater().rerate(v2, range);
    // Time on a CPU, which the machine's other load does not lengthen (much). With its pages on the main thread
    // the re-rating cost it about 6 times the rating alone (reading and updating the pages cost more than
    // rating); in a thread, 0.6 to 1.2 times (starting the thread, the gate before each page, timers).
    const mainCpu = threadCpuMs() - t0;
    expect(summary).toMatchObject({ examined: CALLS, changed: ratedCalls() });
    expect(mainCpu).toBeLessThan(2.5 * ratingCpu);
    await expectRatedWith(v2);
  }, 180_000);

  it('lets lock changes commit between its pages; calls and summaries end as the new plans rate them', async () => {
    const v3 = await book('v3', '0.30');
    const admin = { actor: 'root', via: 'cli' as const, role: 'admin' as const };
    const line = { extension: '3001', partition: 'PT_Internal' };
    let done = false;
    const rerating = rerater()
      .rerate(v3, range)
      .finally(() => (done = true));
    // A lock change every 50 ms until it ends, each followed by how far it has got.
    const progress: number[] = [];
    for (let i = 0; !done; i++) {
      await sleep(50);
      const change = await (i % 2 === 0
        ? f.locks.setLock(line, 'admin', admin)
        : f.locks.clearLock(line, 'admin', admin));
      expect(change.changed).toBe(true);
      const [{ n }] = (await f.db.dataSource.query(
        `SELECT COUNT(*) AS n FROM calls WHERE ${callTextSql('tariffPlan', 'calls')} = 'v3'`,
      )) as [{ n: number }];
      if (!done) progress.push(n);
    }
    expect(await rerating).toMatchObject({ examined: CALLS, changed: ratedCalls() });
    expect(progress.some((n) => n > 0 && n < ratedCalls())).toBe(true);
    await expectRatedWith(v3);
  }, 180_000);
  it("never holds the write lock when a daemon's unit of work begins: no wait in SQLite's busy handler", async () => {
    const v4 = await book('v4', '0.40');
    const admin = { actor: 'root', via: 'cli' as const, role: 'admin' as const };
    const line = { extension: '3002', partition: 'PT_Internal' };
    const ds = f.db.dataSource;
    const [{ timeout }] = (await ds.query('PRAGMA busy_timeout')) as [{ timeout: number }];
    // SQLite's busy handler sleeps in growing steps (up to 100 ms) however soon the lock frees: the daemon's
    // units must find the lock free instead. With no busy wait allowed, a collision fails at once.
    await ds.query('PRAGMA busy_timeout = 0');
    let done = false;
    const failures: string[] = [];
    let changes = 0;
    try {
      const rerating = rerater()
        .rerate(v4, range)
        .finally(() => (done = true));
      for (let i = 0; !done; i++) {
        await (i % 2 === 0 ? f.locks.setLock(line, 'admin', admin) : f.locks.clearLock(line, 'admin', admin)).then(
          () => (changes += 1),
          (err: Error) => failures.push(err.message),
        );
      }
      expect(await rerating).toMatchObject({ examined: CALLS, changed: ratedCalls() });
    } finally {
      await ds.query(`PRAGMA busy_timeout = ${timeout}`);
    }
    expect(failures).toEqual([]);
    expect(changes).toBeGreaterThan(20);
    await expectRatedWith(v4);
  }, 180_000);
});
