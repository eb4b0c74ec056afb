import type { TariffPlan } from '../plan/tariff-plan.js';
import { DAY_MS } from '../zoned-time/zoned-clock.js';
import { bandAt, bandRunEnd, isHoliday } from './band-at.js';

/** A stretch of billed time rated at one band. */
export interface BandSegment {
  band: string;
  seconds: number;
  /** Rate per minute in fine units. */
  ratePerMinuteFine: number;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * Splits `seconds` of billed time from `startMs` at the plan's band
 * boundaries (in the plan's local time, cutting also at any UTC-offset change
 * so a DST jump never shifts a boundary), merging neighbours of the same band.
 */
export function splitByBands(
  plan: TariffPlan,
  startMs: number,
  seconds: number,
  rates: readonly number[],
): BandSegment[] {
  const segments: BandSegment[] = [];
  walkBandRuns(plan, startMs, seconds, (band, take) => {
    const name = plan.bands[band]?.name ?? '?';
    const last = segments[segments.length - 1];
    if (last !== undefined && last.band === name) last.seconds += take;
    else segments.push({ band: name, seconds: take, ratePerMinuteFine: rates[band] ?? 0 });
  });
  return segments;
}

/**
 * Σ rate per minute × seconds over the segments splitByBands would give (a merged neighbour at the rate of the
 * first), without building them: what a call costs is all the CDR collector keeps.
 */
export function bandSplitAmount60(
  plan: TariffPlan,
  startMs: number,
  seconds: number,
  rates: readonly number[],
): number {
  amount.sum = 0;
  amount.lastName = undefined;
  amount.lastRate = 0;
  amount.plan = plan;
  amount.rates = rates;
  walkBandRuns(plan, startMs, seconds, addToAmount);
  return amount.sum;
}

const amount = {
  sum: 0,
  lastName: undefined as string | undefined,
  lastRate: 0,
  plan: undefined as TariffPlan | undefined,
  rates: [] as readonly number[],
};
function addToAmount(band: number, take: number): void {
  const name = amount.plan?.bands[band]?.name ?? '?';
  if (name !== amount.lastName) {
    amount.lastName = name;
    amount.lastRate = amount.rates[band] ?? 0;
  }
  amount.sum += amount.lastRate * take;
}

/** Calls `visit` with each run of billed seconds in one band (band index), in time order. */
function walkBandRuns(
  plan: TariffPlan,
  startMs: number,
  seconds: number,
  visit: (band: number, seconds: number) => void,
): void {
  const clock = plan.lookup.clock;
  let t = Math.floor(startMs / 1000) * 1000;
  let remaining = seconds;
  while (remaining > 0) {
    const offset = clock.offsetAt(t);
    const local = t + offset;
    const day = Math.floor(local / DAY_MS);
    const minute = Math.floor((local - day * DAY_MS) / 60_000);
    const holiday = isHoliday(plan, day);
    const band = bandAt(plan, day, minute, holiday);
    let end = Math.min(
      t + (day * DAY_MS + bandRunEnd(plan, day, minute, holiday) * 60_000 - local),
      t + remaining * 1000,
    );
    for (let q = (Math.floor(t / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS; q < end; q += QUARTER_HOUR_MS) {
      if (clock.offsetAt(q) !== offset) {
        end = q;
        break;
      }
    }
    const take = Math.min(remaining, Math.ceil((end - t) / 1000));
    visit(band, take);
    remaining -= take;
    t += take * 1000;
  }
}
