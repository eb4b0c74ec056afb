import { describe, expect, it } from 'vitest';
import { resolvePeriod } from './resolve-period.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const now = new Date('2021-03-31T22:30:00Z'); // 1 April 00:30 in Rome (CEST), a Thursday

describe('resolvePeriod', () => {
  it('reads date-only bounds as whole local days, the end day included', () => {
    expect(resolvePeriod({ from: '2021-02-01', to: '2021-02-28' }, 'Europe/Rome', now)).toEqual({
      from: at('2021-01-31T23:00:00Z'),
      to: at('2021-02-28T23:00:00Z'),
    });
  });

  it('reads wall-clock times in the zone and instants with an offset as given', () => {
    expect(resolvePeriod({ from: '2021-02-01 08:30', to: '2021-02-24T00:00' }, 'America/New_York', now)).toEqual({
      from: at('2021-02-01T13:30:00Z'),
      to: at('2021-02-24T05:00:00Z'),
    });
    expect(
      resolvePeriod({ from: '2021-02-01T08:30:00+02:00', to: '2021-02-02T00:00:00Z' }, 'Europe/Rome', now),
    ).toEqual({
      from: at('2021-02-01T06:30:00Z'),
      to: at('2021-02-02T00:00:00Z'),
    });
  });

  it('anchors presets to now in the zone: today, this week from Monday, last month', () => {
    expect(resolvePeriod({ preset: 'today' }, 'Europe/Rome', now)).toEqual({
      from: at('2021-03-31T22:00:00Z'),
      to: at('2021-04-01T22:00:00Z'),
    });
    expect(resolvePeriod({ preset: 'today' }, 'UTC', now)).toEqual({
      from: at('2021-03-31T00:00:00Z'),
      to: at('2021-04-01T00:00:00Z'),
    });
    expect(resolvePeriod({ preset: 'this-week' }, 'Europe/Rome', now)).toEqual({
      from: at('2021-03-28T22:00:00Z'),
      to: at('2021-04-04T22:00:00Z'),
    });
    // March in Rome spans the clock change: 1 March 00:00 CET to 1 April 00:00 CEST.
    expect(resolvePeriod({ preset: 'last-month' }, 'Europe/Rome', now)).toEqual({
      from: at('2021-02-28T23:00:00Z'),
      to: at('2021-03-31T22:00:00Z'),
    });
    expect(resolvePeriod({ preset: 'last-year' }, 'UTC', now)).toEqual({
      from: at('2020-01-01T00:00:00Z'),
      to: at('2021-01-01T00:00:00Z'),
    });
    expect(resolvePeriod({ preset: 'last-7-days' }, 'UTC', now)).toEqual({
      from: at('2021-03-25T00:00:00Z'),
      to: at('2021-04-01T00:00:00Z'),
    });
    expect(resolvePeriod({}, 'UTC', now)).toEqual({ from: at('2021-03-01T00:00:00Z'), to: at('2021-04-01T00:00:00Z') });
  });

  it('refuses impossible dates, unknown formats, empty periods and a preset mixed with bounds', () => {
    expect(() => resolvePeriod({ from: '2021-02-30' }, 'UTC', now)).toThrow(/not a real date/);
    expect(() => resolvePeriod({ from: '01/02/2021' }, 'UTC', now)).toThrow(/not a date/);
    expect(() => resolvePeriod({ from: '2021-02-02', to: '2021-02-01' }, 'UTC', now)).toThrow(/period is empty/);
    expect(() => resolvePeriod({ preset: 'today', from: '2021-01-01' }, 'UTC', now)).toThrow(/not both/);
  });
});
