import { rateCall, ratingFacts, type TariffBook } from '../../../tariffs/index.js';
import type { SiteConfig } from '../../config/index.js';
import type { CallRow } from '../../store/index.js';
import { storedRatingOf } from '../rerate-page.js';

/**
 * A call row as the collector stores it, rated with `book` at ingest from `site` (the dialled number read as
 * dialled): the fixture re-rating tests start from, and what they expect it to write.
 */
export function ratedAtIngest<R extends Omit<CallRow, 'id'>>(book: TariffBook, site: SiteConfig, row: R): R {
  const facts = ratingFacts(
    rateCall(
      {
        dialledNumber: row.dialledNumber,
        startedAt: new Date((row.connectedAt ?? row.startedAt) * 1000),
        durationSeconds: row.answered ? row.durationSeconds : 0,
        carrier: row.carrier,
        site,
      },
      book,
    ),
  );
  return { ...row, ...storedRatingOf(facts) };
}

/** A plan (YAML) rating Italian mobiles and London numbers per minute, in force from 2025. */
export const mobileAndLondonPlan = (rates: {
  id?: string;
  mobile: string;
  london: string;
}): string => `id: ${rates.id ?? 'p'}
carrier: default
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
rows:
  - { id: it-mobile, nation: IT, type: mobile, perMinute: ${rates.mobile}, increments: 60/60 }
  - { id: london, prefix: "+44 20", perMinute: ${rates.london}, increments: 60/60 }
`;
