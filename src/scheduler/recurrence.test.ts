import { describe, expect, it } from 'vitest';
import { recurrenceProblem, slotAfter, slotAt, slotAtOrAfter, slotAtOrBefore, type Recurrence } from './recurrence.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const dailyRome = (startLocal: string): Recurrence => ({ startLocal, timeZone: 'Europe/Rome', every: 1, unit: 'days' });

describe('recurrence', () => {
  it(
    'keeps a daily 02:30 in Rome at 02:30 across the March change, running just after the gap on ' +
      'the day it does not exist',
    () => {
      const r = dailyRome('2026-03-27T02:30');
      const slots = [0, 1, 2, 3, 4].map((k) => iso(slotAt(r, k)));
      // 27-28 March: CET (UTC+1); 29 March 02:30 does not exist (02:00 → 03:00), so 03:30 CEST; from 30 March CEST
      // (UTC+2).
      expect(slots).toEqual([
        '2026-03-27T01:30:00.000Z',
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:30:00.000Z',
        '2026-03-30T00:30:00.000Z',
        '2026-03-31T00:30:00.000Z',
      ]);
    },
  );

  it('runs a daily 02:30 in Rome once on the October day 02:30 happens twice, at its first occurrence', () => {
    const r = dailyRome('2026-10-23T02:30');
    expect([0, 1, 2, 3].map((k) => iso(slotAt(r, k)))).toEqual([
      '2026-10-23T00:30:00.000Z',
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    // After the first 02:30 of 25 October the next run is the next day's, not the second 02:30 an hour later.
    expect(iso(slotAfter(r, Date.parse('2026-10-25T00:30:00Z')))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('finds the next slot with an injected clock around both changes, whatever the day the schedule started', () => {
    const r = dailyRome('2025-01-01T02:30');
    expect(iso(slotAfter(r, Date.parse('2026-03-28T23:00:00Z')))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(slotAfter(r, Date.parse('2026-03-29T01:30:00Z')))).toBe('2026-03-30T00:30:00.000Z');
    expect(iso(slotAfter(r, Date.parse('2026-10-24T23:00:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(slotAtOrBefore(r, Date.parse('2026-10-25T01:45:00Z')))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('counts minutes and hours as elapsed time, so an hourly schedule runs every 60 minutes across a change', () => {
    const r: Recurrence = { startLocal: '2026-03-29T00:15', timeZone: 'Europe/Rome', every: 1, unit: 'hours' };
    expect([0, 1, 2].map((k) => iso(slotAt(r, k)))).toEqual([
      '2026-03-28T23:15:00.000Z',
      '2026-03-29T00:15:00.000Z',
      '2026-03-29T01:15:00.000Z',
    ]);
    const q: Recurrence = { startLocal: '2026-01-01T00:00', timeZone: 'UTC', every: 15, unit: 'minutes' };
    expect(iso(slotAtOrBefore(q, Date.parse('2026-06-01T10:29:59Z')))).toBe('2026-06-01T10:15:00.000Z');
  });

  it('keeps the day of the month of a monthly schedule, clamping it in shorter months', () => {
    const r: Recurrence = { startLocal: '2026-01-31T08:00', timeZone: 'Europe/Rome', every: 1, unit: 'months' };
    expect([0, 1, 2, 3].map((k) => iso(slotAt(r, k)))).toEqual([
      '2026-01-31T07:00:00.000Z',
      '2026-02-28T07:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
      '2026-04-30T06:00:00.000Z',
    ]);
    expect(iso(slotAfter(r, Date.parse('2026-03-31T06:00:00Z')))).toBe('2026-04-30T06:00:00.000Z');
  });

  it('has no slot before the start, and the start itself is the first slot at or after it', () => {
    const r: Recurrence = { startLocal: '2026-05-04T09:00', timeZone: 'America/New_York', every: 2, unit: 'weeks' };
    expect(slotAtOrBefore(r, Date.parse('2026-05-04T12:59:00Z'))).toBeNull();
    expect(iso(slotAtOrAfter(r, Date.parse('2026-05-04T13:00:00Z')))).toBe('2026-05-04T13:00:00.000Z');
    expect(iso(slotAfter(r, Date.parse('2026-05-04T13:00:00Z')))).toBe('2026-05-18T13:00:00.000Z');
  });

  it('refuses an unknown zone, a malformed start and a zero interval', () => {
    expect(recurrenceProblem({ ...dailyRome('2026-01-01T08:00'), timeZone: 'Mars/Olympus' })).toMatch(/time zone/);
    expect(recurrenceProblem(dailyRome('2026-01-01 08:00'))).toMatch(/start/);
    expect(recurrenceProblem({ ...dailyRome('2026-01-01T08:00'), every: 0 })).toMatch(/every/);
    expect(recurrenceProblem(dailyRome('2026-01-01T08:00'))).toBeNull();
  });
});
