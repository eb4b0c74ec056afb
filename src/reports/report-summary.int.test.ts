import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import {
  at,
  insertCalls,
  makeCall,
  seedDirectory,
  seedFebruaryCalls,
  testReportService,
} from '../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportOptionsInput, type ReportService, type ReportViewer } from './index.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const february = {
  timeZone: 'Europe/Rome',
  period: { from: '2021-02-01', to: '2021-02-28' },
} satisfies ReportOptionsInput;
const o = (input: ReportOptionsInput) => parseReportOptions({ ...february, ...input });
const eur = (f: Partial<Record<string, unknown>>) => ({ currency: 'EUR', ...f });

describe.each(databaseKindsUnderTest())('grouped reports and trends on %s', (kind) => {
  let db: TestDatabase;
  let reports: ReportService;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const seeded = await seedDirectory(db.dataSource);
    await seedFebruaryCalls(db.dataSource, seeded);
    // Clock changes in Rome: 2021-03-28 02:00 → 03:00, 2021-10-31 03:00 → 02:00.
    await insertCalls(db.dataSource, [
      makeCall({ startedAt: at('2021-03-28T00:30:00Z'), ownerExtension: '500', durationSeconds: 1 }),
      makeCall({ startedAt: at('2021-03-28T01:30:00Z'), ownerExtension: '500', durationSeconds: 2 }),
      makeCall({ startedAt: at('2021-10-31T00:30:00Z'), ownerExtension: '500', durationSeconds: 3 }),
      makeCall({ startedAt: at('2021-10-31T01:30:00Z'), ownerExtension: '500', durationSeconds: 4 }),
      // April: Sales calls rated in two currencies, and one not rated.
      makeCall({
        startedAt: at('2021-04-05T08:00:00Z'),
        ownerExtension: '211',
        departmentId: seeded.departments.sales,
        durationSeconds: 60,
        costMinor: 100,
        currency: 'EUR',
      }),
      makeCall({
        startedAt: at('2021-04-06T08:00:00Z'),
        ownerExtension: '211',
        departmentId: seeded.departments.sales,
        durationSeconds: 60,
        costMinor: 70,
        currency: 'GBP',
      }),
      makeCall({
        startedAt: at('2021-04-07T08:00:00Z'),
        ownerExtension: '211',
        departmentId: seeded.departments.sales,
        direction: 'incoming',
        durationSeconds: 30,
      }),
    ]);
    reports = testReportService(db.dataSource);
  });
  afterAll(async () => db.close());

  it(
    'sums count, answered, duration, cost and ring time by department, most expensive first, with ' + 'totals',
    async () => {
      const report = await reports.summarize(o({ kind: 'summary', groupBy: 'department' }), admin);
      expect(report.groups).toEqual([
        {
          key: expect.anything(),
          label: 'Sales',
          external: false,
          ...eur({
            calls: 4,
            answered: 4,
            unanswered: 0,
            durationSeconds: 230,
            costMinor: 300,
            ratedCalls: 3,
            averageCostMinor: 100,
            ringSeconds: 20,
          }),
        },
        {
          key: expect.anything(),
          label: 'Support',
          external: false,
          ...eur({
            calls: 4,
            answered: 1,
            unanswered: 3,
            durationSeconds: 200,
            costMinor: 0,
            ratedCalls: 1,
            averageCostMinor: 0,
            ringSeconds: 5,
          }),
        },
      ]);
      expect(report.totals).toEqual([
        eur({
          calls: 8,
          answered: 5,
          unanswered: 3,
          durationSeconds: 430,
          costMinor: 300,
          ratedCalls: 4,
          averageCostMinor: 75,
          ringSeconds: 25,
        }),
      ]);
      expect(report.groupCount).toBe(2);
    },
  );

  it("sums alike whether SQLite walks the covering index key by key or sorts the period's calls", async () => {
    for (const groupBy of ['department', 'costCentre'] as const) {
      for (const extra of [{}, { traffic: 'external' as const, answered: true }, { departments: ['Support'] }]) {
        const keyed = await reports.summarize(o({ kind: 'summary', groupBy, ...extra }), admin);
        // A condition that keeps every call sends the same report down the general path.
        const general = await reports.summarize(
          o({ kind: 'summary', groupBy, ...extra, conditions: [{ field: 'duration', op: 'ge', value: 0 }] }),
          admin,
        );
        expect(keyed.groups).toEqual(general.groups);
        expect(keyed.totals).toEqual(general.totals);
      }
    }
    const scoped = await reports.summarize(o({ kind: 'summary', groupBy: 'department' }), {
      name: 'sue',
      role: 'supervisor',
      departments: ['Support'],
    });
    expect(scoped.groups.map((g) => g.label)).toEqual(['Support']);
  });

  it(
    'never adds costs in different currencies: a group mixing them gets one row per currency, ' + 'unrated calls apart',
    async () => {
      const report = await reports.summarize(
        o({ kind: 'summary', groupBy: 'department', period: { from: '2021-04-01', to: '2021-04-30' } }),
        admin,
      );
      expect(report.groups.map((g) => [g.label, g.currency, g.calls, g.costMinor])).toEqual([
        ['Sales', 'EUR', 1, 100],
        ['Sales', 'GBP', 1, 70],
        ['Sales', null, 1, 0],
      ]);
      expect(report.totals.map((t) => [t.currency, t.calls, t.costMinor])).toEqual([
        [null, 1, 0],
        ['EUR', 1, 100],
        ['GBP', 1, 70],
      ]);
    },
  );

  it('groups by area, nation, cost centre, gateway, carrier and destination type', async () => {
    const labels = async (groupBy: ReportOptionsInput['groupBy'], extra: ReportOptionsInput = {}) =>
      (await reports.summarize(o({ kind: 'summary', groupBy, ...extra }), admin)).groups.map((g) => [
        g.label,
        g.calls,
        g.costMinor,
      ]);
    expect(await labels('area')).toEqual([
      ['Singapore', 1, 250],
      ['Italy mobile', 1, 40],
      ['Italy fixed', 1, 10],
      ['(none)', 4, 0],
      ['France', 1, 0],
    ]);
    expect(await labels('nation', { traffic: 'external', directions: ['outgoing'] })).toEqual([
      ['SG', 1, 250],
      ['IT', 2, 50],
      ['FR', 1, 0],
    ]);
    expect(await labels('costCentre')).toEqual([
      ['CC-1', 4, 300],
      ['CC-2', 4, 0],
    ]);
    expect(await labels('gateway', { rankBy: 'calls' })).toEqual([
      ['GW2', 4, 40],
      ['GW1', 3, 260],
      ['(none)', 1, 0],
    ]);
    expect(await labels('carrier', { traffic: 'external' })).toEqual([
      ['Telco', 3, 260],
      ['Mobico', 4, 40],
    ]);
    // Carriers are stored as codes of call_texts: the group's key is still the carrier's name (SOAP's Key), and
    // calls without one are a group of their own, keyed null, with the top N too.
    const byCarrier = await reports.summarize(o({ kind: 'summary', groupBy: 'carrier' }), admin);
    expect(byCarrier.groups.map((g) => [g.key, g.label])).toEqual(
      expect.arrayContaining([
        ['Telco', 'Telco'],
        ['Mobico', 'Mobico'],
        [null, '(none)'],
      ]),
    );
    const top = await reports.summarize(o({ kind: 'summary', groupBy: 'carrier', top: 1, rankBy: 'calls' }), admin);
    expect(top.groups.map((g) => [g.key, g.label, g.calls])).toEqual([['Mobico', 'Mobico', 4]]);
    expect(await labels('destinationType', { answered: true, traffic: 'external', directions: ['outgoing'] })).toEqual([
      ['mobile', 2, 290],
      ['fixed-national', 1, 10],
    ]);
  });

  it('keeps the top N by the chosen measure while totals cover every group', async () => {
    const report = await reports.summarize(
      o({ kind: 'summary', groupBy: 'nation', top: 1, traffic: 'external', directions: ['outgoing'] }),
      admin,
    );
    expect(report.groups.map((g) => g.label)).toEqual(['SG']);
    expect(report.totals[0]).toMatchObject({ calls: 4, costMinor: 300 });
    const byDuration = await reports.summarize(
      o({ kind: 'summary', groupBy: 'extension', top: 2, rankBy: 'duration' }),
      admin,
    );
    expect(byDuration.groups.map((g) => [g.label, g.durationSeconds])).toEqual([
      ['211', 230],
      ['729', 200],
    ]);
  });

  it('counts unanswered calls by extension', async () => {
    const report = await reports.summarize(
      o({ kind: 'summary', groupBy: 'extension', answered: false, rankBy: 'calls' }),
      admin,
    );
    expect(report.groups.map((g) => [g.label, g.unanswered])).toEqual([
      ['729', 2],
      ['731', 1],
    ]);
  });

  it('masks external numbers grouped by number for a supervisor, who sees only their departments', async () => {
    const supervisor: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Support'] };
    const report = await reports.summarize(o({ kind: 'summary', groupBy: 'number', rankBy: 'calls' }), supervisor);
    expect(report.groups.map((g) => g.label).sort()).toEqual([
      '0033123456***',
      '0611111***',
      '0622222***',
      '0698765***',
    ]);
    const full = await reports.summarize(o({ kind: 'summary', groupBy: 'number', departments: ['Support'] }), admin);
    expect(full.groups.map((g) => g.label).sort()).toEqual(['0033123456789', '0611111111', '0622222222', '0698765432']);
  });

  it('trends by day in the chosen zone, every day shown, empty days as zero', async () => {
    const report = await reports.trend(o({ kind: 'trend', interval: 'day' }), admin);
    expect(report.points).toHaveLength(28);
    const busy = report.points.filter((p) => p.calls > 0).map((p) => [p.label, p.calls, p.costMinor]);
    expect(busy).toEqual([
      ['2021-02-01', 2, 260],
      ['2021-02-03', 2, 40],
      ['2021-02-04', 1, 0],
      ['2021-02-05', 1, 0],
      ['2021-02-08', 1, 0],
      ['2021-02-10', 1, 0],
    ]);
    expect(report.points[1]).toMatchObject({
      label: '2021-02-02',
      calls: 0,
      currency: 'EUR',
      start: at('2021-02-01T23:00:00Z'),
    });
    expect(report.totals[0]).toMatchObject({ calls: 8, costMinor: 300 });
  });

  it('trends by week starting on Monday and by month across zone boundaries', async () => {
    const weeks = await reports.trend(o({ kind: 'trend', interval: 'week' }), admin);
    expect(weeks.points.map((p) => [p.label, p.calls])).toEqual([
      ['2021-02-01', 6],
      ['2021-02-08', 2],
      ['2021-02-15', 0],
      ['2021-02-22', 0],
    ]);
    const months = await reports.trend(
      o({ kind: 'trend', interval: 'month', period: { from: '2021-01-01', to: '2021-03-31' } }),
      admin,
    );
    expect(months.points.map((p) => [p.label, p.calls])).toEqual([
      ['2021-01', 1],
      ['2021-02', 8],
      ['2021-03', 3],
    ]);
  });

  it('trends by hour across clock changes: 23 hours in spring, the repeated hour merged in autumn', async () => {
    const spring = await reports.trend(
      o({ kind: 'trend', interval: 'hour', period: { from: '2021-03-28', to: '2021-03-28' } }),
      admin,
    );
    expect(spring.points).toHaveLength(23);
    expect(spring.points.filter((p) => p.calls).map((p) => p.label)).toEqual(['2021-03-28 01:00', '2021-03-28 03:00']);
    const autumn = await reports.trend(
      o({ kind: 'trend', interval: 'hour', period: { from: '2021-10-31', to: '2021-10-31' } }),
      admin,
    );
    expect(autumn.points).toHaveLength(24);
    expect(autumn.points.filter((p) => p.calls).map((p) => [p.label, p.calls, p.durationSeconds])).toEqual([
      ['2021-10-31 02:00', 2, 7],
    ]);
  });

  it('adds trends up from the hourly call summaries, not the calls, when buckets start on whole hours', async () => {
    const queries: string[] = [];
    const counted = testReportService(db.dataSource, {}, queries);
    const cases: ReportOptionsInput[] = [
      { kind: 'trend', interval: 'day' },
      { kind: 'trend', interval: 'week', traffic: 'external', answered: true },
      { kind: 'trend', interval: 'month', period: { from: '2021-01-01', to: '2021-12-31' } },
      { kind: 'trend', interval: 'hour', period: { from: '2021-10-31', to: '2021-10-31' }, departments: ['Support'] },
      { kind: 'trend', interval: 'day', timeZone: 'UTC', directions: ['outgoing'], gateways: ['GW1'] },
    ];
    for (const input of cases) {
      queries.length = 0;
      const summed = await counted.trend(o(input), admin);
      expect(queries.every((sql) => /call_summaries/.test(sql) && !/FROM calls c/.test(sql))).toBe(true);
      // A condition that keeps every call sends the same trend to the calls themselves.
      const conditions = [{ field: 'duration' as const, op: 'ge' as const, value: 0 }];
      const general = await counted.trend(o({ ...input, conditions }), admin);
      expect(queries.some((sql) => /FROM calls c/.test(sql))).toBe(true);
      expect(summed.points).toEqual(general.points);
      expect(summed.totals).toEqual(general.totals);
    }
  });

  it('trends from the calls in a zone half an hour off UTC, whose hours the summaries do not follow', async () => {
    const queries: string[] = [];
    const counted = testReportService(db.dataSource, {}, queries);
    const india = { timeZone: 'Asia/Kolkata', period: { from: '2021-02-01', to: '2021-02-01' } };
    await counted.trend(o({ kind: 'trend', interval: 'day', ...india }), admin);
    expect(queries.some((sql) => /FROM calls c/.test(sql))).toBe(true);
    expect(queries.some((sql) => /call_summaries/.test(sql))).toBe(false);
  });

  it('trends by hour in a zone half an hour off UTC', async () => {
    const report = await reports.trend(
      o({
        kind: 'trend',
        interval: 'hour',
        timeZone: 'Asia/Kolkata',
        period: { from: '2021-02-01', to: '2021-02-01' },
      }),
      admin,
    );
    expect(report.points).toHaveLength(24);
    // 22:30Z and 23:30Z on 31 January are 04:00 and 05:00 on 1 February in India; 08:00Z is 13:30.
    expect(report.points.filter((p) => p.calls).map((p) => p.label)).toEqual([
      '2021-02-01 04:00',
      '2021-02-01 05:00',
      '2021-02-01 13:00',
    ]);
  });
});
