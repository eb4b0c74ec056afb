import { describe, expect, it } from 'vitest';
import { fromLocal, offsetAt, offsetSegments, toLocal } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const wall = (year: number, month: number, day: number, hour = 0, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});

describe('zoned time', () => {
  it('reads the wall clock and offset of an instant', () => {
    expect(toLocal(at('2021-07-01T10:00:00Z'), 'Europe/Rome')).toEqual(wall(2021, 7, 1, 12));
    expect(offsetAt(at('2021-01-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(5 * 3600 + 45 * 60);
  });

  it('turns a wall-clock reading into the instant, earlier one when clocks go back, after the gap when they go forward', () => {
    expect(fromLocal(wall(2021, 7, 1, 12), 'Europe/Rome')).toBe(at('2021-07-01T10:00:00Z'));
    expect(fromLocal(wall(2021, 10, 31, 2, 30), 'Europe/Rome')).toBe(at('2021-10-31T00:30:00Z'));
    expect(fromLocal(wall(2021, 3, 28, 2, 30), 'Europe/Rome')).toBe(at('2021-03-28T01:30:00Z'));
    expect(fromLocal(wall(2021, 3, 14, 2, 30), 'America/New_York')).toBe(at('2021-03-14T07:30:00Z'));
  });

  it('finds each clock change inside a period to the second', () => {
    expect(offsetSegments(at('2021-01-01T00:00:00Z'), at('2022-01-01T00:00:00Z'), 'Europe/Rome')).toEqual([
      { start: at('2021-01-01T00:00:00Z'), offsetSeconds: 3600 },
      { start: at('2021-03-28T01:00:00Z'), offsetSeconds: 7200 },
      { start: at('2021-10-31T01:00:00Z'), offsetSeconds: 3600 },
    ]);
    expect(offsetSegments(at('2021-01-01T00:00:00Z'), at('2022-01-01T00:00:00Z'), 'Asia/Tokyo')).toHaveLength(1);
  });

  it('refuses an unknown zone with a clear message', () => {
    expect(() => toLocal(0, 'Nowhere/Land')).toThrow(/unknown time zone "Nowhere\/Land"/);
  });
});
