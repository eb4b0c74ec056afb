import type { DestinationType } from '../destination-type.js';
import type { RatingResult, UnratedReason } from './rate-call.js';

/** A rating as the flat facts a stored call keeps (one per column), rated or not. */
export interface RatingFacts {
  costMinor: number | null;
  currency: string | null;
  planId: string | null;
  rowId: string | null;
  unratedReason: UnratedReason | null;
  destinationE164: string | null;
  nation: string | null;
  destinationType: DestinationType | null;
  destinationName: string | null;
}

/** Flattens a rating, so the CDR collector and `tollgate rerate` store exactly the same facts. */
export function ratingFacts(result: RatingResult): RatingFacts {
  const d = result.destination;
  return {
    costMinor: result.unrated ? null : result.costMinor,
    currency: result.unrated ? null : result.currency,
    planId: result.unrated ? (result.planId ?? null) : result.planId,
    rowId: result.unrated ? null : result.rowId,
    unratedReason: result.unrated ? result.reason : null,
    destinationE164: d?.e164 ?? null,
    nation: d?.nation ?? null,
    destinationType: d?.destinationType ?? null,
    destinationName: d?.name ?? null,
  };
}
