import { DEFAULT_CARRIER, findPlan, isFallback, type TariffBook } from '../build-tariff-book.js';
import {
  classifyNumber,
  type ClassifiedNumber,
  type NumberForm,
  type RatedDestination,
} from '../numbering/classify-dialled-number.js';
import type { SiteDiallingPlan } from '../numbering/site-dialling-plan.js';
import type { RoundingRule, TariffPlan, TariffRow } from '../plan/tariff-plan.js';
import { DAY_MS } from '../zoned-time/zoned-clock.js';
import { bandAt, isHoliday } from './band-at.js';
import { splitByBands, type BandSegment } from './band-segments.js';
import { billedSeconds, toMinorUnits, toMinorUnitsBig } from './charge-arithmetic.js';
import { emergencyMatch, findRow, type MatchedBy, type RowMatch } from './find-row.js';

export interface CallToRate {
  /** The number to rate: outpulsed called number when present, else final called. */
  dialledNumber: string;
  /** The form of that number (the field it came from): 'dialled' (default) or 'outpulsed'. */
  numberForm?: NumberForm;
  /** When the call started (answer time for answered calls): picks the plan and the band. */
  startedAt: Date;
  /** Connected seconds; 0 for unanswered calls. */
  durationSeconds: number;
  /** The carrier the directory assigns to the call's gateway; null/absent = default plan. */
  carrier?: string | null;
  /** The site the call was made from (numbering plan for normalisation). */
  site: SiteDiallingPlan;
}

export type { RatedDestination };

/** How the cost was built, for `tollgate rate` and audits. Money in fine units is 1/10000 of a minor unit. */
export interface RatingBreakdown {
  matchedBy: MatchedBy;
  /** The row's prefix (with +) when matched by prefix. */
  prefix: string | null;
  /** The carrier had no plan in force, so the default plan was used. */
  defaultPlanFallback: boolean;
  durationSeconds: number;
  billedSeconds: number;
  initialSeconds: number;
  subsequentSeconds: number;
  connectFeeFine: number;
  segments: readonly BandSegment[];
  /** The start as wall-clock time in the plan's zone, as ms read with getUTC*. */
  localStartMs: number;
  holiday: boolean;
  /** 60 × the exact total in fine units before rounding (connection fee + usage). */
  amount60: number;
  rounding: RoundingRule;
  /** The total rounded to minor units, before the minimum and maximum charge. */
  roundedMinor: number;
  minimumApplied: boolean;
  maximumApplied: boolean;
}

export interface RatedCall {
  unrated: false;
  costMinor: number;
  /** Null only for a free emergency call when the book has no plan at all. */
  currency: string | null;
  /** Null for a free emergency call with no plan in force. */
  planId: string | null;
  /** Null when no row priced the call (emergency, toll-free by default, or zero duration with no row needed). */
  rowId: string | null;
  destination: RatedDestination;
  breakdown: RatingBreakdown;
}

export type UnratedReason =
  'unrecognized-destination' | 'not-external' | 'no-plan' | 'no-matching-row' | 'invalid-call';

export interface UnratedCall {
  unrated: true;
  reason: UnratedReason;
  destination?: RatedDestination;
  planId?: string;
}

export type RatingResult = RatedCall | UnratedCall;

/**
 * Rates one call: normalises and places the number for the site, picks the
 * carrier's plan in force at the start (else the default plan), finds the row
 * and computes the cost exactly. Never throws; what cannot be rated comes back
 * `{ unrated: true, reason }`.
 */
export function rateCall(call: CallToRate, book: TariffBook): RatingResult {
  const startMs = call.startedAt instanceof Date ? call.startedAt.getTime() : NaN;
  const duration = call.durationSeconds;
  if (!Number.isFinite(startMs) || !(duration >= 0) || !Number.isFinite(duration))
    return { unrated: true, reason: 'invalid-call' };
  const classified = classifyNumber(call.dialledNumber, call.site, book.overrides, call.numberForm);
  const { placed, destination } = classified;
  if (placed.kind === 'internal') return { unrated: true, reason: 'not-external' };
  if (placed.kind === 'unrecognized') return { unrated: true, reason: 'unrecognized-destination', destination };
  const plan = findPlan(book, call.carrier, startMs);
  if (plan === undefined) {
    if (placed.kind === 'emergency') return freeEmergency(book, call.carrier, destination, startMs, duration);
    return { unrated: true, reason: 'no-plan', destination };
  }
  let match: RowMatch | undefined;
  if (placed.kind === 'emergency') {
    match = emergencyMatch;
  } else {
    match = rowOf(classified, plan);
  }
  if (match === undefined) return { unrated: true, reason: 'no-matching-row', destination, planId: plan.id };
  const breakdown = charge(
    plan,
    match.row,
    match.matchedBy,
    startMs,
    Math.ceil(duration),
    isFallback(plan, call.carrier),
  );
  return {
    unrated: false,
    costMinor: breakdown.cost,
    currency: plan.currency,
    planId: plan.id,
    rowId: match.row?.id ?? null,
    destination,
    breakdown: breakdown.detail,
  };
}

/** The row of a number in a plan, kept on the memoised number: plans are immutable, so it never changes. */
export function rowOf(classified: ClassifiedNumber, plan: TariffPlan): RowMatch | undefined {
  if (classified.rowPlan === plan) return classified.rowMatch as RowMatch | undefined;
  const match = findRow(plan, classified.e164, classified.nation, classified.destinationType);
  classified.rowPlan = plan;
  classified.rowMatch = match;
  return match;
}

/** Emergency calls are free whatever the plans say: with no plan in force, cost 0 in the currency the book uses. */
function freeEmergency(
  book: TariffBook,
  carrier: string | null | undefined,
  destination: RatedDestination,
  startMs: number,
  duration: number,
): RatedCall {
  const breakdown: RatingBreakdown = {
    matchedBy: 'emergency',
    prefix: null,
    defaultPlanFallback: false,
    durationSeconds: Math.ceil(duration),
    billedSeconds: 0,
    initialSeconds: 0,
    subsequentSeconds: 0,
    connectFeeFine: 0,
    segments: [],
    // No plan, so no plan zone: the start in UTC.
    localStartMs: startMs,
    holiday: false,
    amount60: 0,
    rounding: 'half-up',
    roundedMinor: 0,
    minimumApplied: false,
    maximumApplied: false,
  };
  const currency = emergencyCurrency(book, carrier);
  return { unrated: false, costMinor: 0, currency, planId: null, rowId: null, destination, breakdown };
}

/** The currency of a free emergency call with no plan in force: the carrier's plans', else the default's, else any. */
export function emergencyCurrency(book: TariffBook, carrier: string | null | undefined): string | null {
  const own = carrier ? book.byCarrier.get(carrier.trim().toLowerCase()) : undefined;
  const plans = own ?? book.byCarrier.get(DEFAULT_CARRIER) ?? book.plans;
  return plans[0]?.currency ?? null;
}

export function charge(
  plan: TariffPlan,
  row: TariffRow | null,
  matchedBy: MatchedBy,
  startMs: number,
  duration: number,
  fallback: boolean,
): { cost: number; detail: RatingBreakdown } {
  const localStartMs = plan.lookup.clock.localMs(startMs);
  const day = Math.floor(localStartMs / DAY_MS);
  const holiday = isHoliday(plan, day);
  const detail: RatingBreakdown = {
    matchedBy,
    prefix: matchedBy === 'prefix' && row?.prefix !== undefined ? `+${row.prefix}` : null,
    defaultPlanFallback: fallback,
    durationSeconds: duration,
    billedSeconds: 0,
    initialSeconds: row?.initialSeconds ?? 0,
    subsequentSeconds: row?.subsequentSeconds ?? 0,
    connectFeeFine: 0,
    segments: [],
    localStartMs,
    holiday,
    amount60: 0,
    rounding: plan.rounding,
    roundedMinor: 0,
    minimumApplied: false,
    maximumApplied: false,
  };
  // Free destinations and calls with no connected time cost nothing: no connection fee, no minimum.
  if (row === null || duration === 0) return { cost: 0, detail };
  const billed = billedSeconds(duration, row.initialSeconds, row.subsequentSeconds);
  let segments: BandSegment[];
  if (plan.bandSplit === 'split' && plan.bands.length > 1) {
    segments = splitByBands(plan, startMs, billed, row.ratesFine);
  } else {
    const band = bandAt(plan, day, Math.floor((localStartMs - day * DAY_MS) / 60_000), holiday);
    segments = [{ band: plan.bands[band]?.name ?? '?', seconds: billed, ratePerMinuteFine: row.ratesFine[band] ?? 0 }];
  }
  let amount60 = row.connectFeeFine * 60;
  for (const s of segments) amount60 += s.ratePerMinuteFine * s.seconds;
  let rounded: number;
  if (Number.isSafeInteger(amount60)) {
    rounded = toMinorUnits(amount60, plan.rounding);
  } else {
    let big = BigInt(row.connectFeeFine) * 60n;
    for (const s of segments) big += BigInt(s.ratePerMinuteFine) * BigInt(s.seconds);
    rounded = toMinorUnitsBig(big, plan.rounding);
  }
  let cost = rounded;
  if (cost < row.minimumMinor) {
    cost = row.minimumMinor;
    detail.minimumApplied = true;
  }
  if (row.maximumMinor !== null && cost > row.maximumMinor) {
    cost = row.maximumMinor;
    detail.maximumApplied = true;
  }
  detail.billedSeconds = billed;
  detail.connectFeeFine = row.connectFeeFine;
  detail.segments = segments;
  detail.amount60 = amount60;
  detail.roundedMinor = rounded;
  return { cost, detail };
}
