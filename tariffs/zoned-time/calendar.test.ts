import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  EPOCH_WEEKDAY,
  formatLocal,
  formatLocalDate,
  isoWeekday,
  parseLocalDate,
  startOfWeek,
  weekdayOf,
  weekdayOfDay,
} from './calendar.js';

const date = (year: number, month: number, day: number) => ({ year, month, day });

describe('weekdays and weeks', () => {
  it('counts weekdays from Monday = 0 to Sunday = 6', () => {
    // 2026-03-23 is a Monday.
    expect([23, 24, 25, 26, 27, 28, 29].map((d) => weekdayOf(date(2026, 3, d)))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(weekdayOfDay(0)).toBe(EPOCH_WEEKDAY); // 1970-01-01, a Thursday
    expect(weekdayOfDay(-1)).toBe(2);
  });

  it('numbers weekdays the ISO way for settings: Monday = 1 … Sunday = 7', () => {
    expect([23, 24, 25, 26, 27, 28, 29].map((d) => isoWeekday(weekdayOf(date(2026, 3, d))))).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  // Thursday 26 March 2026: the week it belongs to begins on the last weekStartsOn day on or before it.
  it.each([
    [0, 'Monday', '2026-03-23'],
    [1, 'Tuesday', '2026-03-24'],
    [2, 'Wednesday', '2026-03-25'],
    [3, 'Thursday', '2026-03-26'],
    [4, 'Friday', '2026-03-20'],
    [5, 'Saturday', '2026-03-21'],
    [6, 'Sunday', '2026-03-22'],
  ])('with weeks starting on %i (%s), Thursday 26 March 2026 is in the week of %s', (weekStartsOn, _name, first) => {
    expect(formatLocalDate(startOfWeek(date(2026, 3, 26), weekStartsOn))).toBe(first);
  });

  it('gives every day of a week the same start, across a month and a year end', () => {
    for (let weekStartsOn = 0; weekStartsOn < 7; weekStartsOn++) {
      const first = startOfWeek(date(2025, 12, 29), weekStartsOn);
      expect(weekdayOf(first)).toBe(weekStartsOn);
      for (let i = 0; i < 7; i++) expect(startOfWeek(addDays(first, i), weekStartsOn)).toEqual(first);
      expect(startOfWeek(addDays(first, 7), weekStartsOn)).toEqual(addDays(first, 7));
    }
  });

  it('keeps the time of day of a wall-clock reading', () => {
    const reading = { ...date(2026, 3, 26), hour: 9, minute: 30, second: 0 };
    expect(formatLocal(startOfWeek(reading, 0))).toBe('2026-03-23 09:30');
  });
});

describe('calendar arithmetic', () => {
  it('moves by days across month and year ends, and by months to the last day of a shorter month', () => {
    expect(addDays(date(2025, 12, 31), 1)).toEqual(date(2026, 1, 1));
    expect(addDays(date(2024, 3, 1), -1)).toEqual(date(2024, 2, 29));
    expect(addMonths(date(2025, 1, 31), 1)).toEqual(date(2025, 2, 28));
    expect(addMonths(date(2024, 1, 31), 1)).toEqual(date(2024, 2, 29));
    expect(addMonths(date(2025, 1, 15), -1)).toEqual(date(2024, 12, 15));
  });

  it('reads only real dates', () => {
    expect(parseLocalDate('2024-02-29')).toEqual(date(2024, 2, 29));
    expect([parseLocalDate('2025-02-29'), parseLocalDate('2025-13-01'), parseLocalDate('2025-1-01')]).toEqual([
      null,
      null,
      null,
    ]);
  });
});
