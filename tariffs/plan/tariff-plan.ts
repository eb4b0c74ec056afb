import type { DigitTrie } from '../digit-trie.js';
import type { DestinationType } from '../destination-type.js';
import type { ZonedClock } from '../zoned-time/zoned-clock.js';

/** How the per-call total (in fine units) becomes minor units. */
export type RoundingRule = 'up' | 'half-up' | 'down';

/** A call crossing a band boundary: all at the start band's rate, or each part at its own. */
export type BandSplit = 'start' | 'split';

export interface TimeBand {
  name: string;
  /** Days of the week it covers, 0 = Monday … 6 = Sunday. */
  days: readonly number[];
  /** Minute-of-day windows [from, to); a window that wraps midnight is stored as two. */
  windows: ReadonlyArray<readonly [number, number]>;
  /** Applies on the plan's holidays (and then only there). */
  holidays: boolean;
  line: number;
}

export interface TariffRow {
  id: string;
  name: string | undefined;
  line: number;
  /** E.164 digits without +, when the row matches by prefix. */
  prefix: string | undefined;
  /** Nations (ISO alpha-2) it matches with `types`, when it matches by nation. */
  nations: readonly string[];
  /** Destination types; empty = every type of those nations. */
  types: readonly DestinationType[];
  isDefault: boolean;
  /** Connection fee, in fine units (1/10000 of the minor unit). */
  connectFeeFine: number;
  /** Rate per minute in fine units, one per band of the plan (index = band index). */
  ratesFine: readonly number[];
  initialSeconds: number;
  subsequentSeconds: number;
  minimumMinor: number;
  maximumMinor: number | null;
}

/** Holidays: one-off dates (days since 1970-01-01) and yearly dates (month * 100 + day). */
export interface HolidayCalendar {
  days: ReadonlySet<number>;
  yearly: ReadonlySet<number>;
  /** `days` plus every yearly date from 2000 to 2099 as days since 1970, for a single lookup. */
  expanded: ReadonlySet<number>;
}

export const EXPANDED_FROM_DAY = 10_957; // 2000-01-01
export const EXPANDED_TO_DAY = 47_482; // 2100-01-01

/** A parsed, validated and compiled tariff plan. Immutable once built. */
export interface TariffPlan {
  id: string;
  name: string;
  description: string;
  /** Carrier as written in the file; `carrierKey` is its lower-case form used for matching. */
  carrier: string;
  carrierKey: string;
  currency: string;
  minorDigits: number;
  timeZone: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  rounding: RoundingRule;
  bandSplit: BandSplit;
  /** At least one band; a plan without bands has one covering the whole week, named "all". */
  bands: readonly TimeBand[];
  holidays: HolidayCalendar;
  rows: readonly TariffRow[];
  fileName: string;
  /** The file's text as parsed: another thread rebuilds the same plan from it (parsing is pure). */
  source: string;
  /** Compiled lookups. */
  lookup: PlanLookup;
}

/** How a row was found for a destination (or why none was needed). */
export type MatchedBy = 'prefix' | 'nation-type' | 'nation' | 'default' | 'free-by-default' | 'emergency';

/** A row with the way it matched; built once per plan so rating allocates none. */
export interface RowMatch {
  readonly row: TariffRow | null;
  readonly matchedBy: MatchedBy;
}

export interface PlanLookup {
  /** Band index for each minute of the week (Monday 00:00 = 0). */
  weekBands: Uint8Array;
  /** For each minute of the week, the minute of that day (1–1440) where its band's run ends. */
  weekRunEnds: Uint16Array;
  /** Band index for each minute of a holiday, 255 where no holiday band applies. */
  holidayBands: Uint8Array;
  prefixes: DigitTrie<RowMatch>;
  /** Nation → destination type → row; type "" is the nation's row for any type. */
  byNation: ReadonlyMap<string, ReadonlyMap<string, RowMatch>>;
  defaultMatch: RowMatch | undefined;
  clock: ZonedClock;
}

export const NO_BAND = 255;
