import { describe, expect, it } from 'vitest';
import { dayIndexOf, minuteOfDay, weekdayOfDay } from './calendar.js';
import { ZonedClock } from './zoned-clock.js';

describe('ZonedClock', () => {
  const cases: Array<[zone: string, instant: string, offsetHours: number]> = [
    ['Europe/Rome', '2025-01-15T12:00:00Z', 1],
    ['Europe/Rome', '2025-07-15T12:00:00Z', 2],
    ['Europe/Rome', '2025-03-30T00:59:59Z', 1],
    ['Europe/Rome', '2025-03-30T01:00:00Z', 2],
    ['Europe/Rome', '2025-10-26T00:59:59Z', 2],
    ['Europe/Rome', '2025-10-26T01:00:00Z', 1],
    ['Europe/London', '2025-03-30T00:59:59Z', 0],
    ['Europe/London', '2025-03-30T01:00:00Z', 1],
    ['America/New_York', '2025-03-09T06:59:59Z', -5],
    ['America/New_York', '2025-03-09T07:00:00Z', -4],
    ['America/New_York', '2025-11-02T05:59:59Z', -4],
    ['America/New_York', '2025-11-02T06:00:00Z', -5],
    ['Asia/Kolkata', '2025-01-01T00:00:00Z', 5.5],
    ['Australia/Lord_Howe', '2025-01-01T00:00:00Z', 11],
    ['Australia/Lord_Howe', '2025-07-01T00:00:00Z', 10.5],
  ];
  it.each(cases)('gives %s the right offset at %s', (zone, instant, hours) => {
    expect(new ZonedClock(zone).offsetAt(Date.parse(instant))).toBe(hours * 3_600_000);
  });

  it('turns a local wall time back into its instant, reading a skipped hour with the offset before the change', () => {
    const rome = new ZonedClock('Europe/Rome');
    expect(new Date(rome.instantOf(Date.UTC(2025, 0, 1))).toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(new Date(rome.instantOf(Date.UTC(2025, 6, 1, 8))).toISOString()).toBe('2025-07-01T06:00:00.000Z');
    expect(new Date(rome.instantOf(Date.UTC(2025, 2, 30, 2, 30))).toISOString()).toBe('2025-03-30T01:30:00.000Z');
    // 02:30 on 26 October happens twice in Rome: the first (summer time) wins.
    expect(new Date(rome.instantOf(Date.UTC(2025, 9, 26, 2, 30))).toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('reads weekday and minute of day from local ms', () => {
    const local = Date.UTC(2025, 2, 3, 9, 15); // Monday
    expect(weekdayOfDay(dayIndexOf(local))).toBe(0); // 0 = Monday
    expect(minuteOfDay(local)).toBe(9 * 60 + 15);
    expect(weekdayOfDay(dayIndexOf(Date.UTC(1969, 11, 31)))).toBe(2); // a Wednesday, before day 0
  });
});
