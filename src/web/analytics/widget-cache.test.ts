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
});
