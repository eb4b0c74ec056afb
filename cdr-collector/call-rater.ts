import type { NumberForm } from '../tariffs/index.js';

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
