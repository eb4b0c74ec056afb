import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { insertCalls, makeCall, seedDirectory, testReportService } from '../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportOptionsInput, type ReportViewer } from './index.js';

/** A small deterministic generator (mulberry32): the same calls and filters on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2021, 0, 25) / 1000;
const DAYS = 45;
const zones = ['UTC', 'Europe/Rome', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
const directions = ['outgoing', 'incoming', 'internal', 'transit'] as const;
const types = ['mobile', 'fixed-national', 'premium', null];
const gateways = ['GW1', 'GW2', null];
const admin: ReportViewer = { name: 'root', role: 'admin' };
const supervisor: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Sales'] };
/** A user sees their own lines' calls only. */
const user: ReportViewer = { name: 'bob', role: 'user' };
const groups = [
  'department',
  'costCentre',
  'destinationType',
  'gateway',
  'direction',
  'area',
  'nation',
  'site',
  'extension',
  'user',
] as const;
const areas = ['Italy Mobile', 'Italy Fixed', 'France', 'Germany Mobile', null];
const nations = ['IT', 'IT', 'FR', 'DE', null];
const extensions = ['211', '729', '731', '800'];
const intervals = ['hour', 'day', 'week', 'month'] as const;
/** A filter every call passes that the summaries cannot answer: the same report read from the calls. */
const fromCalls = { duration: [{ op: 'ge' as const, value: 0 }] };

describe.each(databaseKindsUnderTest())('summaries and their daily rollups on %s', (kind) => {
  let db: TestDatabase;
  const next = random(16);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const s = await seedDirectory(db.dataSource);
    const departments = [s.departments.sales, s.departments.support, null];
    const costCentres = [s.costCentres.cc1, s.costCentres.cc2, null];
    const owners: Record<string, number | null> = { '211': s.users.alice, '729': s.users.bob, '731': s.users.bob };
    const calls = Array.from({ length: 500 }, () => {
      const rated = next() < 0.8;
      const ownerExtension = pick(extensions);
      const area = Math.floor(next() * areas.length);
      return makeCall({
        startedAt: START + Math.floor(next() * DAYS * 86_400),
        ownerExtension,
        ownerUserId: owners[ownerExtension] ?? null,
        destinationName: areas[area]!,
        nation: nations[area]!,
        site: pick(['Rome', 'Rome', null]),
        departmentId: pick(departments),
        costCentreId: pick(costCentres),
        direction: pick(directions),
        answered: next() < 0.7,
        destinationType: pick(types),
        gateway: pick(gateways),
        durationSeconds: Math.floor(next() * 900),
        costMinor: rated ? Math.floor(next() * 500) : null,
        currency: rated ? pick(['EUR', 'EUR', 'GBP']) : null,
      });
    });
    await insertCalls(db.dataSource, calls);
    // Re-rating and deletion reach the summaries (and so the rollups) through the calls' triggers.
    await db.dataSource.query(`UPDATE calls SET cost_minor = 7, currency = 'EUR' WHERE id % 7 = 0`);
    await db.dataSource.query(`UPDATE calls SET department_id = NULL, gateway = 'GW3' WHERE id % 13 = 0`);
    // A directory change: a line passes to another user, a destination is renamed.
    await db.dataSource.query(`UPDATE calls SET owner_user_id = ${s.users.alice} WHERE owner_extension = '731'`);
    await db.dataSource.query(`UPDATE calls SET destination_name = 'Deutschland' WHERE id % 5 = 0 AND nation = 'DE'`);
    await db.dataSource.query('DELETE FROM calls WHERE id % 11 = 0');
  });
  afterAll(async () => db?.close());

  /** A random period of whole days or hours in the zone, up to five weeks long. */
  function randomPeriod(): { from: string; to: string } {
    const from = START + Math.floor(next() * 30) * 86_400 + (next() < 0.5 ? Math.floor(next() * 24) * 3600 : 0);
    const to = from + Math.ceil(next() * 35 * 24) * 3600;
    const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000', '');
    return next() < 0.5 ? { from: iso(from), to: iso(to) } : { from: iso(from).slice(0, 10), to: iso(to).slice(0, 10) };
  }

  function randomFilter(): Partial<ReportOptionsInput> {
    const f: Partial<ReportOptionsInput> = {};
    if (next() < 0.3) f.traffic = pick(['external', 'internal'] as const);
    if (next() < 0.3) f.directions = [pick(directions)];
    if (next() < 0.2) f.answered = next() < 0.5;
    if (next() < 0.2) f.departments = [pick(['Sales', 'Support'])];
    if (next() < 0.2) f.costCentres = [pick(['CC-1', 'CC-2'])];
    if (next() < 0.2) f.gateways = [pick(['GW1', 'GW2', 'GW3'])];
    if (next() < 0.2) f.destinationTypes = [pick(['mobile', 'premium'])];
    if (next() < 0.15) f.extensions = [pick(extensions)];
    if (next() < 0.15) f.users = [pick(['alice', 'bob'])];
    if (next() < 0.15) f.nations = [pick(['IT', 'FR'])];
    if (next() < 0.2) f.international = next() < 0.7;
    return f;
  }

  it('answers random summaries and trends exactly as the calls do, reading every rollup for whole days', async () => {
    const queries: string[] = [];
    const reports = testReportService(db.dataSource, {}, queries);
    for (let i = 0; i < 120; i++) {
      const viewer = pick([admin, admin, supervisor, user]);
      const base = { timeZone: pick(zones), period: randomPeriod(), ...randomFilter() };
      const trend = next() < 0.4;
      const input: ReportOptionsInput = trend
        ? { ...base, kind: 'trend', interval: pick(intervals) }
        : { ...base, kind: 'summary', groupBy: pick(groups) };
      const run = (extra: object) =>
        trend
          ? reports.trend(parseReportOptions({ ...input, ...extra }), viewer)
          : reports.summarize(parseReportOptions({ ...input, ...extra }), viewer);
      const [fast, slow] = [await run({}), await run(fromCalls)];
      const strip = (r: object) => ({ ...r, filter: undefined });
      expect(strip(fast), JSON.stringify(input)).toEqual(strip({ ...slow, filter: fast.filter }));
    }
    expect(queries.some((q) => q.includes('FROM call_summaries_daily_route'))).toBe(true);
    expect(queries.some((q) => q.includes('FROM call_summaries_daily_department'))).toBe(true);
    expect(queries.some((q) => q.includes('FROM call_summaries_hourly_route'))).toBe(true);
    expect(queries.some((q) => q.includes('FROM call_summaries_daily_destination'))).toBe(true);
    expect(queries.some((q) => q.includes('FROM call_summaries_hourly_destination'))).toBe(true);
    expect(queries.some((q) => q.includes('FROM call_summaries_daily_line'))).toBe(true);
  });
});
