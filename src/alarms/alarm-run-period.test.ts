import { describe, expect, it } from 'vitest';
import type { Recurrence } from './alarm-kinds.js';
import { runPeriod } from './alarm-runner.js';
import type { Alarm } from './alarm-store.js';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** The start of the period a manual run at `at` covers: one recurrence back. */
function back(at: string, recurrence: Omit<Recurrence, 'startLocal'>): string {
  const alarm = { recurrence: { ...recurrence, startLocal: '' }, evaluatedUntil: null } as Alarm;
  return iso(runPeriod(alarm, utc(at), 'manual').from);
}

const rome = (every: number, unit: Recurrence['unit']) => ({ every, unit, timeZone: 'Europe/Rome' });

describe('runPeriod: one recurrence back on the wall clock of the alarm zone', () => {
  it('counts minutes and hours as elapsed time, across the night Rome skips an hour', () => {
    // 03:30 CEST on 29 March 2026; two hours earlier it was 00:30 CET (the clocks skipped 02:00-03:00).
    expect(back('2026-03-29T01:30:00Z', rome(2, 'hours'))).toBe('2026-03-28T23:30:00.000Z');
    expect(back('2026-03-29T01:30:00Z', rome(90, 'minutes'))).toBe('2026-03-29T00:00:00.000Z');
  });

  it('keeps the time of day a day, a week and a month back, whatever the offset was then', () => {
    // 09:00 CEST on Sunday 29 March 2026 (07:00 UTC); 09:00 the day and the week before were CET (08:00 UTC).
    expect(back('2026-03-29T07:00:00Z', rome(1, 'days'))).toBe('2026-03-28T08:00:00.000Z');
    expect(back('2026-03-29T07:00:00Z', rome(1, 'weeks'))).toBe('2026-03-22T08:00:00.000Z');
    // 31 March less a month is the last day of February.
    expect(back('2026-03-31T07:00:00Z', rome(1, 'months'))).toBe('2026-02-28T08:00:00.000Z');
  });

  it('reads a time the clocks skipped as just after the gap', () => {
    // 02:30 on Monday 30 March (00:30 UTC) less a day is 02:30 on the 29th, which never happened: 03:30 CEST.
    expect(back('2026-03-30T00:30:00Z', rome(1, 'days'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads a repeated time as its first occurrence, as the scheduler places its slots', () => {
    // 02:30 on Monday 26 October (01:30 UTC) less a day is 02:30 on the 25th, first in CEST (00:30 UTC).
    expect(back('2026-10-26T01:30:00Z', rome(1, 'days'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('keeps the fraction of a second, and the local midnight of a zone far from UTC', () => {
    // Monday 7 December 2026 00:00 in Auckland is Sunday 11:00 UTC; a week before, the same.
    const auckland = { every: 1, unit: 'weeks' as const, timeZone: 'Pacific/Auckland' };
    expect(back('2026-12-06T11:00:00.250Z', auckland)).toBe('2026-11-29T11:00:00.250Z');
  });

  it('starts a scheduled run where the last one ended, never more than 31 days back', () => {
    const alarm = { recurrence: { ...rome(1, 'days'), startLocal: '' }, evaluatedUntil: utc('2026-03-20T00:00:00Z') };
    const at = utc('2026-03-29T07:00:00Z');
    expect(iso(runPeriod(alarm as Alarm, at, 'schedule').from)).toBe('2026-03-20T00:00:00.000Z');
    const long = { ...alarm, evaluatedUntil: utc('2025-01-01T00:00:00Z') } as Alarm;
    expect(runPeriod(long, at, 'schedule').from).toBe(at - 31 * 86_400_000);
  });
});
