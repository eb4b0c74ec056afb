import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { seedDirectory, seedFebruaryCalls, testReportService } from '../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportOptionsInput, type ReportService, type ReportViewer } from './index.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const february = {
  timeZone: 'Europe/Rome',
  period: { from: '2021-02-01', to: '2021-02-28' },
} satisfies ReportOptionsInput;
const o = (input: ReportOptionsInput) => parseReportOptions({ ...february, ...input });

describe.each(databaseKindsUnderTest())('report engine on %s', (kind) => {
  let db: TestDatabase;
  let reports: ReportService;
  let id: Record<string, number>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    id = await seedFebruaryCalls(db.dataSource, await seedDirectory(db.dataSource));
    reports = testReportService(db.dataSource, { exportChunkSize: 2 });
  });
  afterAll(async () => db.close());

  const ids = async (input: ReportOptionsInput, viewer = admin) =>
    (await reports.listCalls(o({ fields: ['id'], ...input }), viewer, { pageSize: 1000 })).rows.map((r) => r.id);

  it('bounds the period by the wall clock of the chosen time zone, not UTC', async () => {
    expect(await ids({})).toEqual([
      id.midnight,
      id.singapore,
      id.mobile,
      id.incoming,
      id.missed,
      id.internal,
      id.france,
      id.missed2,
    ]);
    expect(await ids({ timeZone: 'UTC' })).toEqual([
      id.singapore,
      id.mobile,
      id.incoming,
      id.missed,
      id.internal,
      id.france,
      id.missed2,
      id.march,
    ]);
  });

  it(
    'runs the user guide example: external outgoing answered calls of three extensions to ' + 'international numbers',
    async () => {
      const options = {
        traffic: 'external',
        directions: ['outgoing'],
        answered: true,
        extensions: ['211', '729', '731'],
        international: true,
        conditions: [
          { field: 'number', op: 'eq', value: '006599775544' },
          { join: 'or', field: 'duration', op: 'ge', value: 20 },
        ],
      } satisfies ReportOptionsInput;
      expect(await ids(options)).toEqual([id.singapore]);
      expect(await ids({ ...options, international: undefined })).toEqual([id.midnight, id.singapore, id.mobile]);
      expect(await ids({ ...options, international: false })).toEqual([id.midnight, id.mobile]);
    },
  );

  it('selects calls by traffic type, direction and answer', async () => {
    expect(await ids({ traffic: 'internal' })).toEqual([id.internal]);
    expect(await ids({ directions: ['incoming'], answered: false })).toEqual([id.missed, id.missed2]);
    expect(await ids({ traffic: 'external', answered: false })).toEqual([id.missed, id.france, id.missed2]);
  });

  it('selects calls by user, department, cost centre, gateway, carrier, nation and destination type', async () => {
    expect(await ids({ users: ['bob'] })).toEqual([id.incoming, id.missed, id.france, id.missed2]);
    expect(await ids({ departments: ['Sales'] })).toEqual([id.midnight, id.singapore, id.mobile, id.internal]);
    expect(await ids({ costCentres: ['CC-2'], gateways: ['GW1'] })).toEqual([id.france]);
    expect(await ids({ carriers: ['Mobico'], answered: true })).toEqual([id.mobile, id.incoming]);
    expect(await ids({ nations: ['fr', 'sg'] })).toEqual([id.singapore, id.france]);
    expect(await ids({ destinationTypes: ['mobile'] })).toEqual([id.singapore, id.mobile]);
    expect(await ids({ international: true })).toEqual([id.singapore, id.france]);
    expect(await ids({ departments: ['Nobody'] })).toEqual([]);
  });

  it(
    'matches the remote number exactly or by prefix: the caller on incoming calls, the dialled ' + 'number otherwise',
    async () => {
      expect(await ids({ number: { match: 'equals', value: '0698765432' } })).toEqual([id.incoming]);
      expect(await ids({ number: { match: 'startsWith', value: '06' } })).toEqual([
        id.midnight,
        id.incoming,
        id.missed,
        id.missed2,
      ]);
      expect(await ids({ number: { match: 'startsWith', value: '0065' } })).toEqual([id.singapore]);
      // The internal call dialled 729; incoming calls to 729 do not match on their dialled number.
      expect(await ids({ number: { match: 'equals', value: '729' } })).toEqual([id.internal]);
    },
  );

  it('compares duration and cost', async () => {
    expect(
      await ids({
        duration: [
          { op: 'ge', value: 30 },
          { op: 'lt', value: 200 },
        ],
      }),
    ).toEqual([id.singapore, id.mobile, id.internal]);
    expect(await ids({ cost: [{ op: 'gt', value: 10 }] })).toEqual([id.singapore, id.mobile]);
    expect(await ids({ cost: [{ op: 'eq', value: 0 }] })).toEqual([id.france]);
  });

  it('combines extra conditions with AND binding tighter than OR', async () => {
    const conditions = [
      { field: 'extension', op: 'eq', value: '729' },
      { join: 'and', field: 'answered', op: 'eq', value: 0 },
      { join: 'or', field: 'cost', op: 'ge', value: 250 },
    ] satisfies ReportOptionsInput['conditions'];
    expect(await ids({ conditions })).toEqual([id.singapore, id.missed, id.missed2]);
    expect(
      await ids({
        conditions: [
          { field: 'gateway', op: 'ne', value: 'GW2' },
          { field: 'destination', op: 'contains', value: 'fixed' },
        ],
      }),
    ).toEqual([id.midnight]);
    // "not equal" keeps calls without a gateway (the internal one).
    expect(await ids({ conditions: [{ field: 'gateway', op: 'ne', value: 'GW1' }] })).toEqual([
      id.mobile,
      id.incoming,
      id.missed,
      id.internal,
      id.missed2,
    ]);
    expect(
      await ids({
        conditions: [
          { field: 'department', op: 'startsWith', value: 'Sup' },
          { join: 'and', field: 'userName', op: 'eq', value: 'Bob Bianchi' },
        ],
      }),
    ).toEqual([id.incoming, id.missed, id.france, id.missed2]);
  });

  it('returns the selected fields, typed, with directory names joined', async () => {
    const page = await reports.listCalls(
      o({
        fields: [
          'startedAt',
          'extension',
          'userName',
          'department',
          'costCentre',
          'answered',
          'duration',
          'cost',
          'currency',
        ],
        nations: ['SG'],
      }),
      admin,
    );
    expect(page.columns.map((c) => c.key)).toEqual([
      'startedAt',
      'extension',
      'userName',
      'department',
      'costCentre',
      'answered',
      'duration',
      'cost',
      'currency',
    ]);
    expect(page.rows).toEqual([
      {
        __currency: 'EUR',
        startedAt: Date.parse('2021-02-01T08:00:00Z') / 1000,
        extension: '211',
        userName: 'Alice Rossi',
        department: 'Sales',
        costCentre: 'CC-1',
        answered: true,
        duration: 120,
        cost: 250,
        currency: 'EUR',
      },
    ]);
  });

  it('sorts by any field, descending or ascending, with empty values first and the call id breaking ties', async () => {
    expect(await ids({ sort: [{ field: 'cost', descending: true }] })).toEqual([
      id.singapore,
      id.mobile,
      id.midnight,
      id.france,
      id.incoming,
      id.missed,
      id.internal,
      id.missed2,
    ]);
    expect(await ids({ sort: [{ field: 'extension' }, { field: 'duration', descending: true }] })).toEqual([
      id.singapore,
      id.internal,
      id.mobile,
      id.midnight,
      id.incoming,
      id.missed,
      id.missed2,
      id.france,
    ]);
  });

  it('pages a call list and says whether more follow, within the maximum number of calls', async () => {
    const sort = [{ field: 'startedAt' as const }];
    const second = await reports.listCalls(o({ fields: ['id'], sort }), admin, { page: 2, pageSize: 3 });
    expect(second.rows.map((r) => r.id)).toEqual([id.incoming, id.missed, id.internal]);
    expect(second.hasMore).toBe(true);
    const last = await reports.listCalls(o({ fields: ['id'], sort }), admin, { page: 3, pageSize: 3 });
    expect(last.rows.map((r) => r.id)).toEqual([id.france, id.missed2]);
    expect(last.hasMore).toBe(false);
    const capped = await reports.listCalls(o({ fields: ['id'], sort, maxRows: 4 }), admin, { page: 2, pageSize: 3 });
    expect(capped.rows.map((r) => r.id)).toEqual([id.incoming]);
    expect(capped.hasMore).toBe(false);
    await expect(reports.listCalls(o({}), admin, { pageSize: 0 })).rejects.toThrow(/pageSize/);
  });

  it('streams a long list chunk by chunk in the same order as one query, for any sort', async () => {
    for (const sort of [
      undefined,
      [{ field: 'cost' as const, descending: true }],
      [{ field: 'gateway' as const }, { field: 'startedAt' as const, descending: true }],
    ]) {
      const stream = reports.streamCalls(o({ fields: ['id'], sort }), admin);
      const streamed = [];
      for await (const row of stream.rows) streamed.push(row.id);
      expect(streamed).toEqual(await ids({ sort }));
      expect(stream.truncated()).toBe(false);
    }
  });

  it('stops a stream at the maximum number of calls and says it was cut', async () => {
    const stream = reports.streamCalls(o({ fields: ['id'], maxRows: 5 }), admin);
    const streamed = [];
    for await (const row of stream.rows) streamed.push(row.id);
    expect(streamed).toEqual([id.midnight, id.singapore, id.mobile, id.incoming, id.missed]);
    expect(stream.truncated()).toBe(true);
    const exact = reports.streamCalls(o({ fields: ['id'], maxRows: 8 }), admin);
    for await (const _row of exact.rows) void _row;
    expect(exact.truncated()).toBe(false);
  });

  it(
    'masks external numbers for a supervisor and limits them to their departments; never masks ' + 'extensions',
    async () => {
      const supervisor: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Support'] };
      const fields = ['id', 'extension', 'number', 'callingNumber', 'dialledNumber'] as const;
      const page = await reports.listCalls(o({ fields: [...fields] }), supervisor);
      expect(page.rows.map(({ __currency: _c, ...r }) => r)).toEqual([
        { id: id.incoming, extension: '729', number: '0698765***', callingNumber: '0698765***', dialledNumber: '729' },
        { id: id.missed, extension: '729', number: '0611111***', callingNumber: '0611111***', dialledNumber: '729' },
        {
          id: id.france,
          extension: '731',
          number: '0033123456***',
          callingNumber: '731',
          dialledNumber: '0033123456***',
        },
        { id: id.missed2, extension: '729', number: '0622222***', callingNumber: '0622222***', dialledNumber: '729' },
      ]);
      expect(page.filter).toContain('Limited to the departments: Support');
      const supervisorOfSales: ReportViewer = { name: 'sam', role: 'supervisor', departments: ['Sales'] };
      const internal = await reports.listCalls(o({ fields: ['number'], traffic: 'internal' }), supervisorOfSales);
      expect(internal.rows[0]!.number).toBe('729');
      const forced = await reports.listCalls(o({ fields: ['number'], nations: ['SG'] }), { ...admin, mask: true });
      expect(forced.rows[0]!.number).toBe('006599775***');
      const full = await reports.listCalls(o({ fields: ['number'], nations: ['SG'] }), admin);
      expect(full.rows[0]!.number).toBe('006599775544');
    },
  );

  it('limits a user to their own calls', async () => {
    expect(await ids({}, { name: 'alice', role: 'user' })).toEqual([id.midnight, id.singapore, id.mobile, id.internal]);
  });

  it('describes the filter in words', async () => {
    const page = await reports.listCalls(
      o({
        traffic: 'external',
        extensions: ['211', '729'],
        answered: true,
        directions: ['outgoing'],
        conditions: [
          { field: 'number', op: 'eq', value: '006599775544' },
          { join: 'or', field: 'duration', op: 'ge', value: 20 },
        ],
      }),
      admin,
    );
    expect(page.filter).toEqual([
      'Calls from 2021-02-01 00:00 to 2021-03-01 00:00, time zone Europe/Rome',
      'Traffic type: external',
      'Call type: outgoing, answered',
      'Extensions: 211, 729',
      'More restrictions: number equal to 006599775544 OR duration at least 20',
    ]);
  });

  it('puts the filter into words only when a report is asked for them, and keeps them', async () => {
    const summary = await reports.summarize(o({ kind: 'summary', groupBy: 'extension', traffic: 'external' }), admin);
    // A Dashboard widget reads the figures only: its words are never made.
    expect(Object.getOwnPropertyDescriptor(summary, 'filter')?.get).toBeTypeOf('function');
    const words = [
      'Calls from 2021-02-01 00:00 to 2021-03-01 00:00, time zone Europe/Rome',
      'Traffic type: external',
      'Grouped by extension',
    ];
    expect(summary.filter).toEqual(words);
    expect(summary.filter).toBe(summary.filter);
    expect({ ...summary }.filter).toEqual(words);
    expect(JSON.parse(JSON.stringify(summary)).filter).toEqual(words);
  });

  it('refuses an unknown time zone and an empty period with a clear message', async () => {
    await expect(reports.listCalls(o({ timeZone: 'Mars/Olympus' }), admin)).rejects.toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
    await expect(reports.listCalls(o({ period: { from: '2021-02-10', to: '2021-02-01' } }), admin)).rejects.toThrow(
      /period is empty/,
    );
    expect(() => parseReportOptions({ kind: 'summary' })).toThrow(/groupBy: a summary needs groupBy/);
    expect(() => parseReportOptions({ conditions: [{ field: 'duration', op: 'startsWith', value: 3 }] })).toThrow(
      /duration allows eq/,
    );
  });
});
