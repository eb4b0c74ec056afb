import type { NumberForm } from '../tariffs/index.js';
import type { CallClassification } from './classify-call.js';
import type { CallRecord } from './parse-cdr-record.js';

/** What the collector needs of rating; built over the tariffs module by tariff-rater.ts. */
export interface RateCallInput {
  dialledNumber: string;
  /** The form of dialledNumber, from the CDR field it was taken from. */
  numberForm: NumberForm;
  /** Site whose numbering plan applies (the gateway's, else the owner's); null = "default". */
  site: string | null;
  /** Carrier of the gateway/trunk; null = the default plan. */
  carrier: string | null;
  gateway: string | null;
  /** Answer time (else start), UTC epoch seconds: selects the plan in force and the time band. */
  startedAt: number;
  durationSeconds: number;
  answered: boolean;
}

/** What a classified external call asks of its rating: the number, its site and route, when and how long. */
export function rateCallInputOf(call: CallRecord, c: CallClassification): RateCallInput {
  return rateCallInputInto(call, c, {
    dialledNumber: '',
    numberForm: 'dialled',
    site: null,
    carrier: null,
    gateway: null,
    startedAt: 0,
    durationSeconds: 0,
    answered: false,
  });
}

/** rateCallInputOf written into `out` (every field), so a caller may refill one input for every call. */
export function rateCallInputInto(call: CallRecord, c: CallClassification, out: RateCallInput): RateCallInput {
  out.dialledNumber = c.dialledNumber;
  out.numberForm = c.numberForm;
  out.site = c.numberingSite;
  out.carrier = c.gateway?.carrier ?? null;
  out.gateway = c.gateway?.deviceName ?? null;
  out.startedAt = call.connectedAt ?? call.startedAt;
  out.durationSeconds = call.durationSeconds;
  out.answered = c.answered;
  return out;
}

interface DestinationFacts {
  destinationE164: string | null;
  nation: string | null;
  destinationType: string | null;
  destinationName: string | null;
}

export type RatingOutcome =
  // plan is null only for a free emergency call with no plan in force; currency too when no plan at all is loaded.
  | (DestinationFacts & {
      rated: true;
      costMinor: number;
      currency: string | null;
      plan: string | null;
      row: string | null;
    })
  | (DestinationFacts & { rated: false; reason: string });

/**
 * A RatingOutcome to refill for every call (createRatingSlot): `rated` says which half holds; the other half's
 * fields are left as they were and mean nothing.
 */
export interface RatingSlot extends DestinationFacts {
  rated: boolean;
  costMinor: number;
  currency: string | null;
  plan: string | null;
  row: string | null;
  reason: string;
}

export function createRatingSlot(): RatingSlot {
  return {
    rated: false,
    costMinor: 0,
    currency: null,
    plan: null,
    row: null,
    reason: '',
    destinationE164: null,
    nation: null,
    destinationType: null,
    destinationName: null,
  };
}

export interface CallRater {
  /** Rates an outgoing or transit call; never throws (a failure is an unrated outcome with its reason). */
  rate(input: RateCallInput): RatingOutcome;
  /**
   * `rate` without an object per call: the outcome is written into `out` (and returned); `input` may be one object
   * refilled per call too.
   */
  rateInto(input: RateCallInput, out: RatingSlot): RatingSlot & RatingOutcome;
  /** Whether a number dialled at a site is an internal extension (site internal patterns). */
  isInternalNumber(number: string, site: string | null): boolean;
}
