import { describe, expect, it } from 'vitest';
import { closedIntervals, isOpenAt, openIntervals, openMillis, type OpeningSpan } from './opening-hours.js';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const spans = (list: Array<{ from: number; to: number }>) => list.map((i) => `${iso(i.from)}/${iso(i.to)}`);
const HOUR = 3_600_000;

describe('opening hours across a daylight saving change (Europe/Rome)', () => {
  const sunday: OpeningSpan[] = [{ days: [7], from: '08:00', to: '18:00' }];
  const weekend = { from: utc('2026-03-28T00:00:00Z'), to: utc('2026-03-30T00:00:00Z') };

  it('opens and closes at the wall-clock times on the Sunday the clocks go from 02:00 to 03:00', () => {
    // 29 March 2026: 08:00 and 18:00 in Rome are 06:00 and 16:00 UTC (CEST, UTC+2).
    expect(spans(openIntervals(weekend, sunday, 'Europe/Rome'))).toEqual(['2026-03-29T06:00:00Z/2026-03-29T16:00:00Z']);
    expect(openMillis(weekend, sunday, 'Europe/Rome')).toBe(10 * HOUR);
  });

  it('agrees with isOpenAt at both ends of that day', () => {
    const open = (at: string) => isOpenAt(utc(at), sunday, 'Europe/Rome');
    expect([open('2026-03-29T05:59:59Z'), open('2026-03-29T06:00:00Z')]).toEqual([false, true]);
    expect([open('2026-03-29T15:59:59Z'), open('2026-03-29T16:00:00Z')]).toEqual([true, false]);
    const closed = closedIntervals(weekend, sunday, 'Europe/Rome');
    expect(spans(closed)).toEqual([
      '2026-03-28T00:00:00Z/2026-03-29T06:00:00Z',
      '2026-03-29T16:00:00Z/2026-03-30T00:00:00Z',
    ]);
  });

  it('counts the hours a span over the gap really lasts: 01:00 to 04:00 is two hours that night', () => {
    const night: OpeningSpan[] = [{ days: [7], from: '01:00', to: '04:00' }];
    // 01:00 CET is 00:00 UTC; 04:00 CEST is 02:00 UTC.
    expect(spans(openIntervals(weekend, night, 'Europe/Rome'))).toEqual(['2026-03-29T00:00:00Z/2026-03-29T02:00:00Z']);
  });

  it('counts the repeated hour when the clocks go back: 01:00 to 04:00 is four hours on 25 October', () => {
    const night: OpeningSpan[] = [{ days: [7], from: '01:00', to: '04:00' }];
    const range = { from: utc('2026-10-24T00:00:00Z'), to: utc('2026-10-26T00:00:00Z') };
    // 01:00 CEST is 23:00 UTC the day before; 04:00 CET is 03:00 UTC.
    expect(spans(openIntervals(range, night, 'Europe/Rome'))).toEqual(['2026-10-24T23:00:00Z/2026-10-25T03:00:00Z']);
    expect(spans(openIntervals(range, sunday, 'Europe/Rome'))).toEqual(['2026-10-25T07:00:00Z/2026-10-25T17:00:00Z']);
  });
});

describe('opening hours: the weekday at local midnight far from UTC', () => {
  const weekdays: OpeningSpan[] = [{ days: [1, 2, 3, 4, 5], from: '00:00', to: '24:00' }];

  it('opens Monday at midnight in Auckland, on Sunday in UTC', () => {
    // Monday 7 December 2026 00:00 in Auckland (NZDT, UTC+13) is Sunday 11:00 UTC.
    expect(isOpenAt(utc('2026-12-06T10:59:59Z'), weekdays, 'Pacific/Auckland')).toBe(false);
    expect(isOpenAt(utc('2026-12-06T11:00:00Z'), weekdays, 'Pacific/Auckland')).toBe(true);
    const week = { from: utc('2026-12-05T00:00:00Z'), to: utc('2026-12-14T00:00:00Z') };
    expect(spans(openIntervals(week, weekdays, 'Pacific/Auckland'))).toEqual([
      '2026-12-06T11:00:00Z/2026-12-11T11:00:00Z',
      '2026-12-13T11:00:00Z/2026-12-14T00:00:00Z',
    ]);
  });

  it('stays open until Friday midnight in Los Angeles, Saturday morning in UTC', () => {
    // Saturday 5 December 2026 00:00 in Los Angeles (PST, UTC-8) is 08:00 UTC.
    expect(isOpenAt(utc('2026-12-05T07:59:59Z'), weekdays, 'America/Los_Angeles')).toBe(true);
    expect(isOpenAt(utc('2026-12-05T08:00:00Z'), weekdays, 'America/Los_Angeles')).toBe(false);
    const weekend = { from: utc('2026-12-04T00:00:00Z'), to: utc('2026-12-08T00:00:00Z') };
    expect(spans(closedIntervals(weekend, weekdays, 'America/Los_Angeles'))).toEqual([
      '2026-12-05T08:00:00Z/2026-12-07T08:00:00Z',
    ]);
  });
});
