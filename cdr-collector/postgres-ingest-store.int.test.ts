import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { callRowColumns, callTextSql, type CallRow } from '../src/store/index.js';
import { blankCallRow, databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callInsertColumns, callRowOf, type CallRowValues } from './call-row.js';
import { outgoingLegSql, postgresPlaceholder } from './ingest-sql.js';
import type { IngestStore, LedgerBatch } from './ingest-store.js';
import type { LegKey, OutgoingLeg } from './outgoing-legs.js';
import type { LegQualityRecord } from './parse-cmr-record.js';
import { openIngestStore } from './open-ingest-store.js';
import { drawCallIdsSql } from './postgres-call-staging.js';
import { callsOnlyBatch, processingFileEntry } from './testing/ledger-fixtures.js';

type Call = Omit<CallRow, 'id'>;

/** A call's values in the order the collector hands them to the store (call-row.ts). */
const rowOf = (call: Call): CallRowValues => callRowOf(call);

const call = (globalCallId: number, fields: Partial<Call> = {}): Call => ({
  ...blankCallRow(),
  globalCallId,
  startedAt: 1_795_000_000 + globalCallId,
  endedAt: 1_795_000_060 + globalCallId,
  ...fields,
});

/** Texts a COPY text stream must carry unchanged. */
const odd = [
  'tab\there',
  'two\nlines',
  'cr\rand crlf\r\n',
  'back\\slash',
  'ends with a backslash\\',
  '\\N',
  '\\.',
  '\\t is not a tab',
  '\t',
  '"quoted", \'apostrophes\'; commas',
  'ünïcödé € ß 日本語 مرحبا',
  '📞☎️ 👩‍💻',
  '\f\v\b\x1b\x7f',
  ' leading and trailing spaces ',
];

/** Every stored call, read back in the collector's column order (bigints as numbers, detail parsed). */
async function storedCalls(ds: DataSource): Promise<Array<Record<string, unknown>>> {
  // Coded columns (call-columns.ts) read back as their texts, as the rows carried them; generated ones as stored.
  const own = callRowColumns.map((c) =>
    c.coded ? `${callTextSql(c.property, 'calls')} AS ${c.name}` : (c.stored?.name ?? c.name),
  );
  const rows = (await ds.query(`SELECT ${own.join(', ')}, detail::text AS detail FROM calls ORDER BY id`)) as Array<
    Record<string, unknown>
  >;
  return rows.map((r) =>
    Object.fromEntries(
      callInsertColumns.map((name, i) => {
        const v = r[name];
        if (name === 'detail') return [name, v === null ? null : JSON.parse(v as string)];
        return [name, callRowColumns[i]?.type === 'bigint' && v !== null ? Number(v) : v];
      }),
    ),
  );
}

const expected = (calls: Call[]) =>
  calls.map((c) =>
    Object.fromEntries(
      rowOf(c).map((v, i) => [
        callInsertColumns[i],
        callInsertColumns[i] === 'detail' && v !== null ? JSON.parse(v as string) : v,
      ]),
    ),
  );

describe.skipIf(!databaseKindsUnderTest().includes('postgres'))('PostgreSQL ingest store (COPY and merge)', () => {
  let db: TestDatabase;
  let store: IngestStore;
  let closeStore: (() => Promise<void>) | undefined;
  let fileId: number;
  const batch = (calls: Call[], linesCommitted: number): LedgerBatch =>
    callsOnlyBatch(
      fileId,
      calls.map((c) => rowOf({ ...c, fileId })),
      linesCommitted,
      1_795_000_000_000,
    );

  /** The calls the summaries count. */
  const summedCalls = async (): Promise<number | undefined> => {
    const [summed] = (await db.dataSource.query('SELECT SUM(calls)::int AS calls FROM call_summaries')) as Array<{
      calls: number;
    }>;
    return summed?.calls;
  };

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    ({ store, close: closeStore } = await openIngestStore({ url: db.url, schema: db.schema }, 'copy-test'));
    const file = await store.createFile(processingFileEntry('cdr_StandAloneCluster_01_202611231200_1', 'copy-test'));
    fileId = file.id;
  }, 60_000);
  afterAll(async () => {
    await closeStore?.();
    await db?.close();
  });

  it('stores odd texts exactly: tabs, newlines, backslashes, \\N, empty strings apart from NULL, unicode', async () => {
    const limit = (name: string) => callRowColumns.find((c) => c.name === name)?.length as number;
    const calls = odd.map((text, i) =>
      call(i + 1, {
        callingNumber: text,
        dialledNumber: i % 2 === 0 ? '' : text,
        site: i % 2 === 0 ? null : text,
        carrier: i % 3 === 0 ? '' : text,
        unratedReason: text,
        origDevice: text,
        clientMatterCode: `{"not": "json"} ${text}`,
        huntPilotDn: i % 2 === 0 ? '' : text,
        answered: i % 2 === 0,
        ownerKnown: i % 3 !== 0,
        mos: i % 2 === 0 ? null : 4.35,
        costMinor: i % 2 === 0 ? null : -12,
        globalCallManagerId: 2 ** 40 + i,
      }),
    );
    calls.push(
      call(100, {
        ownerExtension: '€'.repeat(limit('owner_extension')),
        destinationName: '📞'.repeat(limit('destination_name') / 2),
        gateway: '',
        currency: null,
      }),
    );
    const outcome = await store.commitBatch(batch(calls, calls.length));
    expect(outcome.storedCalls).toBe(calls.length);
    expect(outcome.callIds.every((id) => id > 0)).toBe(true);
    expect(await storedCalls(db.dataSource)).toEqual(expected(calls.map((c) => ({ ...c, fileId }))));
  });

  it('stores a natural key once: a repeat in one batch and a replayed batch are duplicates with id 0', async () => {
    await db.dataSource.query('DELETE FROM calls');
    const first = call(500, { callingNumber: 'first' });
    const repeat = call(500, { callingNumber: 'repeat in the same batch' });
    const other = call(501);
    const once = await store.commitBatch(batch([first, other, repeat], 3));
    expect(once.storedCalls).toBe(2);
    expect(once.duplicateCalls).toBe(1);
    expect(once.callIds[2]).toBe(0);
    expect(once.callIds[0]).toBeGreaterThan(0);
    const ids = (await db.dataSource.query('SELECT id, calling_number FROM calls ORDER BY id')) as Array<{
      id: number;
      calling_number: string;
    }>;
    expect(ids).toEqual([
      { id: once.callIds[0], calling_number: 'first' },
      { id: once.callIds[1], calling_number: '' },
    ]);

    const replayed = await store.commitBatch(batch([first, other, repeat], 3));
    expect(replayed.storedCalls).toBe(0);
    expect(replayed.duplicateCalls).toBe(3);
    expect(replayed.callIds).toEqual([0, 0, 0]);
    expect((await db.dataSource.query('SELECT COUNT(*)::int AS n FROM calls')) as unknown).toEqual([{ n: 2 }]);
    // The summaries still add up to the calls stored (the DELETE above took its calls out): the replay added nothing.
    expect(await summedCalls()).toBe(2);
  });

  it('leaves nothing staged: a failed batch stores none of its calls, the next batch only its own', async () => {
    await db.dataSource.query('DELETE FROM calls');
    const tooLong = call(600, { nation: 'ITA' });
    await expect(store.commitBatch(batch([call(601), tooLong], 2))).rejects.toThrow(/too long/);
    const next = await store.commitBatch(batch([call(602)], 3));
    expect(next.storedCalls).toBe(1);
    const stored = (await db.dataSource.query('SELECT global_call_id FROM calls')) as Array<{
      global_call_id: string;
    }>;
    expect(stored.map((r) => Number(r.global_call_id))).toEqual([602]);
  });

  const linesCommitted = async (): Promise<number> => {
    const rows = (await db.dataSource.query('SELECT lines_committed FROM cdr_files WHERE id = $1', [fileId])) as Array<{
      lines_committed: number;
    }>;
    return Number(rows[0]?.lines_committed);
  };

  it('commits batches handed over together in order: a call repeated across them counts once', async () => {
    await db.dataSource.query('DELETE FROM calls');
    await db.dataSource.query('DELETE FROM call_summaries');
    const outcomes = await Promise.all([
      store.commitBatch(batch([call(800), call(801)], 20)),
      store.commitBatch(batch([call(802), call(801)], 22)),
      store.commitBatch(batch([call(803)], 24)),
    ]);
    expect(outcomes.map((o) => [o.storedCalls, o.duplicateCalls])).toEqual([
      [2, 0],
      [1, 1],
      [1, 0],
    ]);
    expect(await linesCommitted()).toBe(24);
    expect(await summedCalls()).toBe(4);
  });

  it('stores batches in flight that hold the same calls in crossing order: each call once, none lost', async () => {
    await db.dataSource.query('DELETE FROM calls');
    const ids = Array.from({ length: 1500 }, (_, i) => 10_000 + i);
    const outcomes = await Promise.all([
      store.commitBatch(
        batch(
          ids.map((g) => call(g)),
          40,
        ),
      ),
      store.commitBatch(
        batch(
          [...ids].reverse().map((g) => call(g)),
          42,
        ),
      ),
      store.commitBatch(batch([call(9_999), ...ids.map((g) => call(g))], 44)),
    ]);
    expect(outcomes.reduce((n, o) => n + o.storedCalls, 0)).toBe(ids.length + 1);
    expect(await linesCommitted()).toBe(44);
    expect((await db.dataSource.query('SELECT COUNT(*)::int AS n FROM calls')) as unknown).toEqual([{ n: 1501 }]);
  });

  it('fails the batches handed over after a failed one: the ledger stays at the last batch committed', async () => {
    await db.dataSource.query('DELETE FROM calls');
    await store.commitBatch(batch([call(900)], 30));
    const tooLong = call(901, { nation: 'ITA' });
    const [failed, after] = await Promise.allSettled([
      store.commitBatch(batch([tooLong], 32)),
      store.commitBatch(batch([call(902)], 34)),
    ]);
    expect(failed.status).toBe('rejected');
    expect(after.status).toBe('rejected');
    expect(await linesCommitted()).toBe(30);
    const stored = (await db.dataSource.query('SELECT global_call_id FROM calls')) as Array<{ global_call_id: string }>;
    expect(stored.map((r) => Number(r.global_call_id))).toEqual([900]);
  });

  it('stores a batch that meets stored calls through the merge: only its new calls, each with its own id', async () => {
    await db.dataSource.query('DELETE FROM calls');
    const first = await store.commitBatch(batch([call(700), call(701), call(702)], 3));
    const mixed = await store.commitBatch(batch([call(703), call(701), call(704), call(703)], 7));
    const after = await store.commitBatch(batch([call(705), call(706)], 9));
    expect([first.storedCalls, mixed.storedCalls, after.storedCalls]).toEqual([3, 2, 2]);
    expect(mixed.callIds[1]).toBe(0);
    expect(mixed.callIds[3]).toBe(0);
    const byCall = new Map(
      (
        (await db.dataSource.query('SELECT id, global_call_id FROM calls')) as Array<{
          id: number;
          global_call_id: string;
        }>
      ).map((r) => [Number(r.global_call_id), r.id]),
    );
    expect([...first.callIds, mixed.callIds[0], mixed.callIds[2], ...after.callIds]).toEqual(
      [700, 701, 702, 703, 704, 705, 706].map((g) => byCall.get(g)),
    );
  });

  it('counts each call once in summaries and rollups when a many-piece COPY meets a stored call', async () => {
    await db.dataSource.query('DELETE FROM calls');
    const texts = 'x'.repeat(100);
    const many = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        call(from + i, { callingNumber: `${from + i}`, ownerExtension: `${1000 + (i % 700)}`, origDevice: texts }),
      );
    // The straight COPY of the second batch sends all its pieces (and prepares its additions) before the server
    // meets the stored call in its last piece; the batch is then stored through the merge with new additions.
    const first = await store.commitBatch(batch([...many(800_000, 2_600), call(900_000)], 2_601));
    const second = await store.commitBatch(batch([...many(810_000, 2_600), call(900_000)], 5_202));
    expect([first.storedCalls, second.storedCalls, second.duplicateCalls]).toEqual([2_601, 2_600, 1]);
    const counted = async (table: string) => {
      const [row] = (await db.dataSource.query(`SELECT COALESCE(SUM(calls), 0)::int AS n FROM ${table}`)) as Array<{
        n: number;
      }>;
      return row?.n;
    };
    const [stored] = (await db.dataSource.query('SELECT COUNT(*)::int AS n FROM calls')) as Array<{ n: number }>;
    expect(stored?.n).toBe(5_201);
    for (const table of ['call_summaries', 'call_summaries_daily_line', 'call_summaries_hourly_destination'])
      expect([table, await counted(table)]).toEqual([table, 5_201]);
  });

  it('finds many outgoing legs in one lookup, with the answers one query per leg gives', async () => {
    await db.dataSource.query('DELETE FROM calls');
    const directions = ['outgoing', 'transit', 'incoming', 'internal'] as const;
    const calls = Array.from({ length: 240 }, (_, i) =>
      call(1000 + Math.floor(i / 3), {
        origLegId: 10_000 + i,
        // Every third call shares its PSTN leg with the one before: several stored calls answer one key.
        destLegId: 20_000 + i - (i % 3 === 2 ? 1 : 0),
        direction: directions[i % 4] as Call['direction'],
        dialledNumber: `0039${i}`,
        outpulsedCalledNumber: i % 2 ? `0039${i}` : `39${i}`,
        ownerExtension: String(2000 + i),
        ownerPartition: i % 5 ? 'PT_Internal' : 'PT_Other',
      }),
    );
    await store.commitBatch(batch(calls, calls.length));
    const keys: LegKey[] = calls.flatMap((c, i) => [
      {
        clusterId: c.clusterId,
        globalCallManagerId: c.globalCallManagerId,
        globalCallId: c.globalCallId,
        legId: c.destLegId,
      },
      {
        clusterId: c.clusterId,
        globalCallManagerId: c.globalCallManagerId,
        globalCallId: c.globalCallId + i,
        legId: 1,
      },
      {
        clusterId: 'OtherCluster',
        globalCallManagerId: c.globalCallManagerId,
        globalCallId: c.globalCallId,
        legId: c.destLegId,
      },
    ]);
    const oneByOne: Array<{ key: LegKey; leg: OutgoingLeg }> = [];
    for (const key of keys) {
      const [leg] = (await db.dataSource.query(outgoingLegSql(postgresPlaceholder), [
        key.clusterId,
        key.globalCallManagerId,
        key.globalCallId,
        key.legId,
      ])) as OutgoingLeg[];
      if (leg) oneByOne.push({ key, leg });
    }
    expect(oneByOne.length).toBeGreaterThan(100);
    expect(await store.findOutgoingLegs(keys)).toEqual(oneByOne);
  });

  it('joins a batch of CMRs to their calls: a call gets the worst of its legs and the packets both lost', async () => {
    await db.dataSource.query('DELETE FROM calls');
    await db.dataSource.query('DELETE FROM call_quality');
    const calls = Array.from({ length: 50 }, (_, i) =>
      call(3000 + i, { origLegId: 30_000 + i, destLegId: 40_000 + i }),
    );
    await store.commitBatch(batch(calls, calls.length));
    const cmr = (c: Call, legId: number, n: number): LegQualityRecord => ({
      clusterId: c.clusterId,
      globalCallManagerId: c.globalCallManagerId,
      globalCallId: c.globalCallId,
      legId,
      pkid: `pk-${legId}-${n}`,
      recordedAt: 1_795_000_000,
      directoryNumber: '2001',
      deviceName: 'SEP0001',
      packetsSent: 100,
      packetsReceived: 100,
      packetsLost: (legId + n) % 7,
      jitterMs: (legId * 3 + n) % 11,
      latencyMs: (legId + n * 5) % 13,
      mos: n === 2 ? null : 3 + ((legId + n) % 10) / 10,
    });
    // Calls 0-39 get CMRs: both legs for even calls, two of the origin leg for every third; calls 40-49 get none.
    const qualities = calls
      .slice(0, 40)
      .flatMap((c, i) => [
        cmr(c, c.origLegId, 0),
        ...(i % 2 === 0 ? [cmr(c, c.destLegId, 1)] : []),
        ...(i % 3 === 0 ? [cmr(c, c.origLegId, 2)] : []),
      ]);
    qualities.push(cmr(call(9999), 77, 0));
    const outcome = await store.commitBatch({ ...batch([], calls.length + 1), qualities });
    expect(outcome.storedQualities).toBe(qualities.length);
    const stored = (await db.dataSource.query(
      'SELECT global_call_id::int AS id, mos, jitter_ms AS jitter, latency_ms AS latency, packet_loss AS lost ' +
        'FROM calls ORDER BY global_call_id',
    )) as Array<{ id: number; mos: number | null; jitter: number | null; latency: number | null; lost: number | null }>;
    const expectedQuality = calls.map((c) => {
      const mine = qualities.filter(
        (q) => q.globalCallId === c.globalCallId && (q.legId === c.origLegId || q.legId === c.destLegId),
      );
      if (mine.length === 0) return { id: c.globalCallId, mos: null, jitter: null, latency: null, lost: null };
      const moses = mine.map((q) => q.mos).filter((m): m is number => m !== null);
      return {
        id: c.globalCallId,
        mos: moses.length ? Math.fround(Math.min(...moses.map(Math.fround))) : null,
        jitter: Math.max(...mine.map((q) => q.jitterMs)),
        latency: Math.max(...mine.map((q) => q.latencyMs)),
        lost: mine.reduce((sum, q) => sum + q.packetsLost, 0),
      };
    });
    expect(stored.map((r) => ({ ...r, mos: r.mos === null ? null : Math.fround(r.mos) }))).toEqual(expectedQuality);
  });

  it('draws a batch of call ids with the sequence looked up once, not once per id', async () => {
    // Pulled up into the id's expression, the catalog look-up of the sequence ran for every id: five times the work.
    const plan = (await db.dataSource.query(`EXPLAIN (VERBOSE, COSTS OFF) ${drawCallIdsSql}`, [2000])) as Array<{
      'QUERY PLAN': string;
    }>;
    // Looked up once, the sequence is a node of its own (a Result) joined to the ids' series; pulled up, the plan is
    // only the aggregate over the series, and the look-up sits in the aggregate's argument.
    const lines = plan.map((r) => r['QUERY PLAN']);
    const once = lines.findIndex((line) => /->\s+Result/.test(line));
    expect(once).toBeGreaterThan(0);
    expect(lines[once + 1]).toContain('pg_get_serial_sequence');
    // And the ids are new, distinct and increasing.
    const [{ ids }] = (await db.dataSource.query(drawCallIdsSql, [5])) as [{ ids: string }];
    const drawn = ids.split(',').map(Number);
    expect(drawn).toHaveLength(5);
    expect(drawn.every((id, i) => i === 0 || id > (drawn[i - 1] as number))).toBe(true);
  });
});
