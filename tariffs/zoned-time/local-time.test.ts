import { describe, expect, it } from 'vitest';
import { fromLocal, offsetAt, offsetSegments, startOfLocalDay, toLocal } from './local-time.js';
import { isTimeZone } from './zoned-clock.js';

const at = (iso: string) => Date.parse(iso);
const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('wall clock and instants', () => {
  it('reads the wall clock and offset of an instant, in milliseconds', () => {
    expect(toLocal(at('2021-07-01T10:00:00Z'), 'Europe/Rome')).toEqual(wall(2021, 7, 1, 12));
    expect(toLocal(at('2021-07-01T10:00:07.900Z'), 'Europe/Rome')).toEqual(wall(2021, 7, 1, 12, 0, 7));
    expect(offsetAt(at('2021-01-01T00:00:00Z'), 'Asia/Kathmandu')).toBe((5 * 3600 + 45 * 60) * 1000);
    expect(offsetAt(at('2021-01-01T00:00:00Z'), 'America/St_Johns')).toBe(-(3 * 3600 + 30 * 60) * 1000);
  });

  it('turns a wall-clock reading into the instant it names', () => {
    expect(fromLocal(wall(2021, 7, 1, 12), 'Europe/Rome')).toBe(at('2021-07-01T10:00:00Z'));
    expect(fromLocal({ year: 2021, month: 1, day: 1 }, 'Asia/Tokyo')).toBe(at('2020-12-31T15:00:00Z'));
  });

  it('reads a time the clocks skip (spring forward) as far past the gap as it was into it', () => {
    expect(fromLocal(wall(2021, 3, 28, 2, 30), 'Europe/Rome')).toBe(at('2021-03-28T01:30:00Z'));
    expect(fromLocal(wall(2021, 3, 14, 2, 30), 'America/New_York')).toBe(at('2021-03-14T07:30:00Z'));
    // Lord Howe moves by half an hour: 02:15 does not happen, reads as 02:45.
    expect(toLocal(fromLocal(wall(2021, 10, 3, 2, 15), 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toEqual(
      wall(2021, 10, 3, 2, 45),
    );
  });

  it('reads a time the clocks repeat (fall back) as its first occurrence', () => {
    expect(fromLocal(wall(2021, 10, 31, 2, 30), 'Europe/Rome')).toBe(at('2021-10-31T00:30:00Z'));
    expect(fromLocal(wall(2021, 11, 7, 1, 30), 'America/New_York')).toBe(at('2021-11-07T05:30:00Z'));
    expect(toLocal(at('2021-11-07T06:30:00Z'), 'America/New_York')).toEqual(wall(2021, 11, 7, 1, 30));
  });

  it('says which zones it knows, and throws for one it does not', () => {
    expect([isTimeZone('Europe/Rome'), isTimeZone('UTC'), isTimeZone('Nowhere/Land'), isTimeZone('')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(() => toLocal(0, 'Nowhere/Land')).toThrow(/Nowhere\/Land/);
  });
});

describe('the first instant of a local day', () => {
  it.each([
    ['an ordinary day is local midnight', 'Europe/Rome', wall(2026, 1, 11), '2026-01-10T23:00:00.000Z'],
    ['a spring-forward day still starts at midnight', 'Europe/Rome', wall(2026, 3, 29), '2026-03-28T23:00:00.000Z'],
    // São Paulo skipped 00:00–01:00 on 4 November 2018: the day began at the jump.
    [
      'a day whose midnight is skipped starts at the jump',
      'America/Sao_Paulo',
      wall(2018, 11, 4),
      '2018-11-04T03:00:00.000Z',
    ],
    // Havana went back from 01:00 to 00:00 on 1 November 2020: its midnight happened twice, the first counts.
    [
      'a day whose midnight repeats starts at the first one',
      'America/Havana',
      wall(2020, 11, 1),
      '2020-11-01T04:00:00.000Z',
    ],
    [
      'a day after a fall-back at midnight starts at the one midnight',
      'Asia/Beirut',
      wall(2020, 10, 25),
      '2020-10-24T22:00:00.000Z',
    ],
    // Samoa went from 29 to 31 December 2011: the skipped day is an empty span at the start of the 31st.
    [
      'a day the zone skipped starts where the next day does',
      'Pacific/Apia',
      wall(2011, 12, 30),
      '2011-12-30T10:00:00.000Z',
    ],
    ['the day after the skipped one', 'Pacific/Apia', wall(2011, 12, 31), '2011-12-30T10:00:00.000Z'],
    ['the day before the skipped one', 'Pacific/Apia', wall(2011, 12, 29), '2011-12-29T10:00:00.000Z'],
  ])('%s', (_why, zone, date, start) => {
    expect(iso(startOfLocalDay(date, zone))).toBe(start);
  });
});

describe('offset segments', () => {
  it('finds each clock change inside a period to the second', () => {
    expect(offsetSegments(at('2021-01-01T00:00:00Z'), at('2022-01-01T00:00:00Z'), 'Europe/Rome')).toEqual([
      { start: at('2021-01-01T00:00:00Z'), offsetMs: 3_600_000 },
      { start: at('2021-03-28T01:00:00Z'), offsetMs: 7_200_000 },
      { start: at('2021-10-31T01:00:00Z'), offsetMs: 3_600_000 },
    ]);
    expect(offsetSegments(at('2021-01-01T00:00:00Z'), at('2022-01-01T00:00:00Z'), 'Asia/Tokyo')).toHaveLength(1);
  });

  it('finds the day Samoa skipped as one change of a whole day', () => {
    expect(offsetSegments(at('2011-12-29T00:00:00Z'), at('2012-01-02T00:00:00Z'), 'Pacific/Apia')).toEqual([
      { start: at('2011-12-29T00:00:00Z'), offsetMs: -10 * 3_600_000 },
      { start: at('2011-12-30T10:00:00Z'), offsetMs: 14 * 3_600_000 },
    ]);
  });
});
