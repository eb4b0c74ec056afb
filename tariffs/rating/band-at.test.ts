import { describe, expect, it } from 'vitest';
import { monthDayOf } from './band-at.js';

describe('monthDayOf', () => {
  it('agrees with Date for every day from 1900 to 2200', () => {
    const wrong: number[] = [];
    for (let day = -25_567; day < 84_000; day++) {
      const date = new Date(day * 86_400_000);
      if (monthDayOf(day) !== (date.getUTCMonth() + 1) * 100 + date.getUTCDate()) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });

  it('reads leap days', () => {
    expect(monthDayOf(Date.UTC(2024, 1, 29) / 86_400_000)).toBe(229);
    expect(monthDayOf(Date.UTC(2000, 1, 29) / 86_400_000)).toBe(229);
    expect(monthDayOf(Date.UTC(2100, 2, 1) / 86_400_000)).toBe(301);
  });
});
