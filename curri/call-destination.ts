import type { SiteConfig } from '../src/config/index.js';

/** Where a dialled number leads, reduced to what call control decides on. */
export interface CallDestination {
  kind: 'emergency' | 'internal' | 'external' | 'unrecognized';
  /** The tariff module's destination type (mobile, premium, fixed-national, …), or null when unknown. */
  destinationType: string | null;
  /** The destination is in another country than the calling site. */
  international: boolean;
  /** Calls to it cost money: a spent budget denies them. Unrecognised numbers count as chargeable. */
  chargeable: boolean;
}

/** Tells where a number dialled at a site leads (pure and memoised; see classify-with-tariffs.ts). */
export type DestinationClassifier = (dialled: string, site: SiteConfig) => CallDestination;
