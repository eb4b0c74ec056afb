import { describe, expect, it } from 'vitest';
import { curriTestConfig } from '../test/curri/curri-test-kit.js';
import { compileCurriPolicy } from './curri-policy.js';
import { isWithinWorkingHours } from './is-within-working-hours.js';

const site = (timeZone: string) => ({ country: 'US', internalPatterns: [], emergencyNumbers: [], timeZone });

/** Working hours of `days` (ISO, 1 = Monday) from `start` to `end` at sites in Auckland, Los Angeles and Rome. */
function policy(days: number[], start: string, end: string) {
  const config = curriTestConfig(
    { workingHours: { enabled: true, days, start, end } },
    { auckland: site('Pacific/Auckland'), losAngeles: site('America/Los_Angeles'), rome: site('Europe/Rome') },
  );
  const compiled = compileCurriPolicy(config.curri, config.sites);
  return (siteName: string, iso: string) =>
    isWithinWorkingHours(new Date(iso), compiled.sites.get(siteName)!, compiled.workingHours);
}

describe("isWithinWorkingHours: the weekday and time of day on the site's wall clock", () => {
  it('starts Monday at local midnight in Auckland, half a day before Monday begins in UTC', () => {
    // Monday 7 December 2026 00:00 in Auckland (NZDT, UTC+13) is Sunday 11:00 UTC.
    const at = policy([1], '00:00', '23:59');
    expect(at('auckland', '2026-12-06T10:59:59Z')).toBe(false);
    expect(at('auckland', '2026-12-06T11:00:00Z')).toBe(true);
    expect(at('auckland', '2026-12-07T10:58:59Z')).toBe(true);
    expect(at('auckland', '2026-12-07T10:59:00Z')).toBe(false);
  });

  it('keeps Friday until local midnight in Los Angeles, when it is Saturday morning in UTC', () => {
    // Friday 4 December 2026 in Los Angeles (PST, UTC-8) ends at Saturday 08:00 UTC.
    const at = policy([5], '18:00', '06:00');
    expect(at('losAngeles', '2026-12-05T07:59:59Z')).toBe(true);
    expect(at('losAngeles', '2026-12-05T08:00:00Z')).toBe(false);
    // The window's early part is read on the day it falls on: Friday 05:59 counts, Saturday 05:00 does not.
    expect(at('losAngeles', '2026-12-04T13:59:59Z')).toBe(true);
    expect(at('losAngeles', '2026-12-05T13:00:00Z')).toBe(false);
  });

  it('follows the wall clock on the day Rome moves from 02:00 to 03:00', () => {
    // Sunday 29 March 2026: 08:00 is 06:00 UTC (CEST), the day before 08:00 was 07:00 UTC (CET).
    const at = policy([6, 7], '08:00', '18:00');
    expect(at('rome', '2026-03-28T06:59:59Z')).toBe(false);
    expect(at('rome', '2026-03-28T07:00:00Z')).toBe(true);
    expect(at('rome', '2026-03-29T05:59:59Z')).toBe(false);
    expect(at('rome', '2026-03-29T06:00:00Z')).toBe(true);
    expect(at('rome', '2026-03-29T15:59:59Z')).toBe(true);
    expect(at('rome', '2026-03-29T16:00:00Z')).toBe(false);
  });

  it('counts only the days it lists', () => {
    const at = policy([1, 2, 3, 4, 5], '08:00', '18:00');
    // The default site (Dallas) on Monday 2 March 2026, then Saturday 7 March at the same local hour.
    expect(at('default', '2026-03-02T16:00:00Z')).toBe(true);
    expect(at('default', '2026-03-07T16:00:00Z')).toBe(false);
  });
});
