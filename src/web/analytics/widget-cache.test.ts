import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../viewer/index.js';
import type { WidgetData } from './dashboard-widgets.js';
import { createWidgetCache } from './widget-cache.js';

const viewer = (username: string, role: Viewer['role'] = 'user'): Viewer => ({
  name: username,
  username,
  role,
  userId: 1,
  departments: [],
  language: 'en',
  timeZone: 'Europe/Rome',
});
const data = (n: number): WidgetData => ({
  kind: 'chart',
  chart: 'bar',
  measure: 'calls',
  interval: null,
  points: [
    {
      label: String(n),
      start: null,
      currency: null,
      calls: n,
      answered: n,
      unanswered: 0,
      durationSeconds: 0,
      costMinor: 0,
    },
  ],
  rest: null,
});

describe('the dashboard widget cache', () => {
  it(
    'answers again from the cache for the same viewer, asks again for another, after calls are ' +
      'stored and after the time to live',
    async () => {
      let version = 1;
      let now = 0;
      let loads = 0;
      const cache = createWidgetCache({ version: { current: () => version }, now: () => now, ttlMs: 60_000 });
      const load = (v: Viewer) => cache.load('week-cost-by-area', v, async () => (loads++, data(loads)));
      await load(viewer('a'));
      await load(viewer('a'));
      expect(loads).toBe(1);
      await load(viewer('b'));
      expect(loads).toBe(2);
      version = 2;
      await load(viewer('a'));
      expect(loads).toBe(3);
      now = 60_000;
      await load(viewer('a'));
      expect(loads).toBe(4);
    },
  );

  it('shares figures between viewers who see the same calls, not across scope, language, zone, mask', async () => {
    let loads = 0;
    const cache = createWidgetCache({ version: { current: () => 1 }, now: () => 0 });
    const load = (id: 'week-cost-by-extension' | 'personal-traffic-30-days' | 'last-calls', v: Viewer) =>
      cache.load(id, v, async () => (loads++, data(loads)));
    const supervisor = (name: string, departments: string[]): Viewer => ({
      ...viewer(name, 'supervisor'),
      departments,
    });
    const loadsFor = async (id: Parameters<typeof load>[0], a: Viewer, b: Viewer) => {
      const before = loads;
      await load(id, a);
      await load(id, b);
      return loads - before;
    };
    // Same scope: one load for both.
    expect(await loadsFor('week-cost-by-extension', viewer('root', 'admin'), viewer('boss', 'admin'))).toBe(1);
    expect(
      await loadsFor('week-cost-by-extension', supervisor('s1', ['Sales', 'IT']), supervisor('s2', ['IT', 'Sales'])),
    ).toBe(1);
    // Another scope, language, time zone or masking: a load each.
    expect(await loadsFor('week-cost-by-extension', supervisor('s3', ['Sales']), supervisor('s4', ['IT']))).toBe(2);
    expect(
      await loadsFor('week-cost-by-extension', supervisor('s5', ['HR']), { ...supervisor('s6', ['HR']), mask: true }),
    ).toBe(2);
    expect(
      await loadsFor(
        'week-cost-by-extension',
        { ...viewer('a1', 'admin'), language: 'pl' },
        { ...viewer('a2', 'admin'), language: 'ar' },
      ),
    ).toBe(2);
    expect(
      await loadsFor(
        'week-cost-by-extension',
        { ...viewer('a3', 'admin'), timeZone: 'UTC' },
        { ...viewer('a4', 'admin'), timeZone: 'Asia/Dubai' },
      ),
    ).toBe(2);
    expect(await loadsFor('week-cost-by-extension', viewer('u1'), viewer('u2'))).toBe(2);
    // The viewer's own calls are never shared, whatever the role.
    expect(await loadsFor('personal-traffic-30-days', viewer('a5', 'admin'), viewer('a6', 'admin'))).toBe(2);
    expect(await loadsFor('last-calls', supervisor('s7', ['HR']), supervisor('s8', ['HR']))).toBe(2);
  });
});
