import { findPlan, type TariffBook } from '../build-tariff-book.js';
import { classifyNumber, type ClassifiedNumber, type NumberForm } from '../numbering/classify-dialled-number.js';
import type { SiteDiallingPlan } from '../numbering/site-dialling-plan.js';
import type { TariffPlan, TariffRow } from '../plan/tariff-plan.js';
import { DAY_MS } from '../zoned-time/zoned-clock.js';
import { bandAt, isHoliday } from './band-at.js';
import { bandSplitAmount60 } from './band-segments.js';
import { billedSeconds, toMinorUnits } from './charge-arithmetic.js';
import { emergencyMatch } from './find-row.js';
import { charge, emergencyCurrency, rowOf, type UnratedReason } from './rate-call.js';
import type { RatingFacts } from './rating-facts.js';

/** A call to rate as rateCallFacts reads it; one object may be refilled for every call. */
export interface CallFactsToRate {
  dialledNumber: string;
  numberForm: NumberForm;
  /** Answer time for answered calls, else the start: epoch milliseconds. */
  startMs: number;
  /** Connected seconds; 0 for unanswered calls. */
  durationSeconds: number;
  carrier: string | null;
  site: SiteDiallingPlan;
}

/** An empty RatingFacts to refill with rateCallFacts. */
export function createRatingFacts(): RatingFacts {
  return {
    costMinor: null,
    currency: null,
    planId: null,
    rowId: null,
    unratedReason: null,
    destinationE164: null,
    nation: null,
    destinationType: null,
    destinationName: null,
  };
}

/**
 * `ratingFacts(rateCall(call, book))`, the same values, written into `out`: no Date, no breakdown, no result
 * object per call. What the CDR collector runs for every external call.
 */
export function rateCallFacts(out: RatingFacts, call: CallFactsToRate, book: TariffBook): RatingFacts {
  const startMs = timeClip(call.startMs);
  const duration = call.durationSeconds;
  if (!Number.isFinite(startMs) || !(duration >= 0) || !Number.isFinite(duration))
    return unrated(out, 'invalid-call', undefined, null);
  const classified = classifyNumber(call.dialledNumber, call.site, book.overrides, call.numberForm);
  if (classified.kind === 'internal') return unrated(out, 'not-external', undefined, null);
  if (classified.kind === 'unrecognized') return unrated(out, 'unrecognized-destination', classified, null);
  const plan = findPlan(book, call.carrier, startMs);
  if (plan === undefined) {
    if (classified.kind === 'emergency')
      return rated(out, 0, emergencyCurrency(book, call.carrier), null, null, classified);
    return unrated(out, 'no-plan', classified, null);
  }
  const match = classified.kind === 'emergency' ? emergencyMatch : rowOf(classified, plan);
  if (match === undefined) return unrated(out, 'no-matching-row', classified, plan.id);
  const cost = costMinor(plan, match.row, startMs, Math.ceil(duration));
  return rated(out, cost, plan.currency, plan.id, match.row?.id ?? null, classified);
}

/** What `charge` gives as the cost, the same arithmetic, without its breakdown. */
function costMinor(plan: TariffPlan, row: TariffRow | null, startMs: number, duration: number): number {
  if (row === null || duration === 0) return 0;
  const billed = billedSeconds(duration, row.initialSeconds, row.subsequentSeconds);
  let amount60 = row.connectFeeFine * 60;
  if (plan.bandSplit === 'split' && plan.bands.length > 1) {
    amount60 += bandSplitAmount60(plan, startMs, billed, row.ratesFine);
  } else {
    const localStartMs = plan.lookup.clock.localMs(startMs);
    const day = Math.floor(localStartMs / DAY_MS);
    const band = bandAt(plan, day, Math.floor((localStartMs - day * DAY_MS) / 60_000), isHoliday(plan, day));
    amount60 += (row.ratesFine[band] ?? 0) * billed;
  }
  // Past 2^53 the exact sum needs BigInt: charge has it (a very long call at a very high rate, never in practice).
  if (!Number.isSafeInteger(amount60)) return charge(plan, row, 'default', startMs, duration, false).cost;
  let cost = toMinorUnits(amount60, plan.rounding);
  if (cost < row.minimumMinor) cost = row.minimumMinor;
  if (row.maximumMinor !== null && cost > row.maximumMinor) cost = row.maximumMinor;
  return cost;
}

/** The time value `new Date(ms).getTime()` gives (ECMAScript TimeClip): rateCall reads the start from a Date. */
function timeClip(ms: number): number {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? Math.trunc(ms) + 0 : Number.NaN;
}

function rated(
  out: RatingFacts,
  cost: number,
  currency: string | null,
  planId: string | null,
  rowId: string | null,
  number: ClassifiedNumber,
): RatingFacts {
  return write(out, cost, currency, planId, rowId, null, number);
}

function unrated(
  out: RatingFacts,
  reason: UnratedReason,
  number: ClassifiedNumber | undefined,
  planId: string | null,
): RatingFacts {
  return write(out, null, null, planId, null, reason, number);
}

function write(
  out: RatingFacts,
  cost: number | null,
  currency: string | null,
  planId: string | null,
  rowId: string | null,
  reason: UnratedReason | null,
  number: ClassifiedNumber | undefined,
): RatingFacts {
  out.costMinor = cost;
  out.currency = currency;
  out.planId = planId;
  out.rowId = rowId;
  out.unratedReason = reason;
  out.destinationE164 = number?.e164 ?? null;
  out.nation = number?.nation ?? null;
  out.destinationType = number?.destinationType ?? null;
  out.destinationName = number?.name ?? null;
  return out;
}
