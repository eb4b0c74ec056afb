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

const february = {
  timeZone: 'Europe/Rome',
  period: { from: '2021-02-01', to: '2021-02-28' },
} satisfies ReportOptionsInput;
const o = (input: ReportOptionsInput) => parseReportOptions({ ...february, ...input });
// maskDigits is 3 in the test config: a supervisor sees 0698765432 as 0698765***.
const supervisor: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Support'] };
const admin: ReportViewer = { name: 'root', role: 'admin' };

describe.each(databaseKindsUnderTest())('number filters for a viewer who sees numbers masked, on %s', (kind) => {
  let db: TestDatabase;
  let reports: ReportService;
  let id: Record<string, number>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const seeded = await seedDirectory(db.dataSource);
    id = await seedFebruaryCalls(db.dataSource, seeded);
    const bob = {
      ownerExtension: '729',
      ownerUserId: seeded.users.bob,
      departmentId: seeded.departments.support,
      costCentreId: seeded.costCentres.cc2,
    };
    // A second caller who looks like 0611111111 once masked.
    const [lookalike] = await insertCalls(db.dataSource, [
      makeCall({
        ...bob,
        direction: 'incoming',
        startedAt: at('2021-02-11T07:00:00Z'),
        durationSeconds: 10,
        callingNumber: '0611111999',
        dialledNumber: '729',
        finalCalledNumber: '729',
      }),
    ]);
    id.lookalike = lookalike!;
    reports = testReportService(db.dataSource);
  });
  afterAll(async () => db.close());

  const ids = async (input: ReportOptionsInput, viewer = supervisor) =>
    (await reports.listCalls(o({ fields: ['id'], ...input }), viewer, { pageSize: 1000 })).rows.map((r) => r.id);

  it('cannot reveal a masked number by extending a prefix digit by digit', async () => {
    // The attack of issue 14: extend the prefix while a row still comes back.
    let known = '069876';
    for (let digit = 0; digit <= 9 && known.length < 12; digit++) {
      if ((await ids({ number: { match: 'startsWith', value: `${known}${digit}` } })).length) {
        known += String(digit);
        digit = -1;
      }
    }
    expect(known).toBe('0698765');
    expect(await ids({ number: { match: 'startsWith', value: '0698765' } })).toEqual([id.incoming]);
    expect(await ids({ number: { match: 'startsWith', value: '06987654' } })).toEqual([]);
    expect(await ids({ conditions: [{ field: 'callingNumber', op: 'startsWith', value: '06987654' }] })).toEqual([]);
    // An administrator still selects on every digit.
    expect(await ids({ number: { match: 'startsWith', value: '06987654' } }, admin)).toEqual([id.incoming]);
  });

  it('matches internal numbers, which are never masked, on every digit', async () => {
    const sales: ReportViewer = { name: 'sam', role: 'supervisor', departments: ['Sales'] };
    expect(await ids({ number: { match: 'startsWith', value: '729' } }, sales)).toEqual([id.internal]);
  });

  it('refuses exact, not-equal and contains matches and sorting on numbers, with a clear message', async () => {
    const refused = [
      { number: { match: 'equals', value: '0698765432' } },
      { conditions: [{ field: 'number', op: 'eq', value: '0698765432' }] },
      { conditions: [{ field: 'callingNumber', op: 'ne', value: '0698765432' }] },
      { conditions: [{ field: 'dialledNumber', op: 'contains', value: '432' }] },
      { conditions: [{ field: 'destinationE164', op: 'contains', value: '432' }] },
      { sort: [{ field: 'number' }] },
    ] satisfies ReportOptionsInput[];
    for (const input of refused) {
      await expect(ids(input)).rejects.toThrow(/without their last 3 digits.*"starts with"/);
      await expect(
        reports.summarize(o({ ...input, kind: 'summary', groupBy: 'extension' }), supervisor),
      ).rejects.toThrow(/without their last 3 digits/);
      expect(() => reports.streamCalls(o(input), supervisor)).toThrow(/without their last 3 digits/);
    }
    expect(await ids({ conditions: [{ field: 'number', op: 'eq', value: '0698765432' }] }, admin)).toEqual([
      id.incoming,
    ]);
    expect(await ids({ conditions: [{ field: 'extension', op: 'eq', value: '731' }] })).toEqual([id.france]);
  });

  it('groups by the masked number, so numbers that look alike are one group', async () => {
    const report = await reports.summarize(o({ kind: 'summary', groupBy: 'number', rankBy: 'calls' }), supervisor);
    expect(report.groups.map((g) => [g.label, g.calls])).toEqual([
      ['0611111***', 2],
      ['0033123456***', 1],
      ['0622222***', 1],
      ['0698765***', 1],
    ]);
    expect(report.groupCount).toBe(4);
    const full = await reports.summarize(o({ kind: 'summary', groupBy: 'number', departments: ['Support'] }), admin);
    expect(full.groupCount).toBe(5);
  });
});
