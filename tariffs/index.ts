/**
 * Tariffs: number normalisation, destinations, tariff plans and rating.
 * A pure leaf module: no I/O, no clock (the service in src/tariff-plans reads
 * the files). See README "Tariff plans" for the file format.
 */

/** The kind of number a call reached ('fixed-local' … 'unknown'); international is a nation, not a type. */
export { type DestinationType, destinationTypes, isDestinationType, destinationTypeLabel } from './destination-type.js';

/**
 * Whether a destination type costs money when no tariff row prices it
 * explicitly: false for toll-free, emergency and internal; true otherwise.
 */
export { isChargeableByDefault } from './destination-type.js';

/**
 * classifyDialledNumber(number, site, overrides?, form = 'dialled') →
 * `{ kind, e164?, nation?, destinationType, name }`.
 * `kind` is 'emergency' | 'internal' | 'external' | 'unrecognized'. `form` says
 * where the number was taken from: 'dialled' (as the user dialled it: an
 * external number carries the site's PSTN access code, exactly one is
 * stripped) or 'outpulsed' (as sent to the gateway: nothing is stripped, no
 * internal patterns); `+…` is E.164 in both. Safe for the CURRI hot path:
 * memoised per (overrides, site object, form), about 0.15 µs on a hit and a
 * few µs the first time; never throws (`#`, `*`, empty, letters →
 * unrecognized). A dialled emergency number is recognised with or without the access code.
 */
export {
  classifyDialledNumber,
  type DialledNumberClass,
  type DialledNumberKind,
  type NumberForm,
} from './numbering/classify-dialled-number.js';

/** The site fields classification reads; the configuration's SiteConfig is assignable to it. */
export type { SiteDiallingPlan } from './numbering/site-dialling-plan.js';

/**
 * Administrator overrides of destinations by E.164 prefix (a carrier's zones,
 * special numbers). Compile once (config load or reload) and pass the same
 * object: it also owns the classification memo.
 */
export {
  compileDestinationOverrides,
  DestinationOverrides,
  overridePrefixDigits,
  type DestinationOverride,
} from './numbering/destination-overrides.js';

/**
 * detach(text): an equal string that references no other. V8 keeps a substring of 13 characters or more as a
 * view of its parent: a number or device name cut from a CDR line and kept in a memo would keep the line alive.
 */
export { detach } from './number-memo.js';

/** Places an E.164 number (nation, libphonenumber type) without a site; undefined for an unknown calling code. */
export { placeE164, nationalToE164, type NumberPlacement } from './numbering/place-number.js';

/**
 * parseTariffPlan(text, fileName) → `{ ok: true, plan }` or `{ ok: false, problems }`
 * where each problem has file, line and message. Pure: the caller reads the file.
 */
export { parseTariffPlan, type ParseTariffPlanResult } from './plan/parse-tariff-plan.js';
export { formatPlanProblem, type PlanProblem } from './plan/plan-problem.js';
export type { TariffPlan, TariffRow, TimeBand, RoundingRule, BandSplit, HolidayCalendar } from './plan/tariff-plan.js';

/**
 * buildTariffBook(plans, { overrides }) → `{ ok: true, book }` or `{ ok: false, problems }`
 * (duplicate plan ids, two plans of one carrier starting at the same instant).
 * `planInForce` tells which plan rates a carrier's call at an instant.
 */
export {
  buildTariffBook,
  emptyTariffBook,
  planInForce,
  DEFAULT_CARRIER,
  type TariffBook,
  type BuildTariffBookResult,
} from './build-tariff-book.js';

/**
 * rateCall({ dialledNumber, numberForm?, startedAt, durationSeconds, carrier?, site }, book) →
 * `{ unrated: false, costMinor, currency, planId, rowId, destination, breakdown }`
 * or `{ unrated: true, reason, destination? }`. Exact integer arithmetic; never
 * throws; cheap enough for the CDR collector's every external call. Emergency
 * calls are free always: with no plan in force, cost 0 with planId null (and
 * currency that of the carrier's, else the default, plans; null with no plans).
 */
export {
  rateCall,
  type CallToRate,
  type RatedCall,
  type UnratedCall,
  type UnratedReason,
  type RatingResult,
  type RatedDestination,
  type RatingBreakdown,
} from './rating/rate-call.js';
export type { BandSegment } from './rating/band-segments.js';
export type { MatchedBy } from './rating/find-row.js';

/** A rating as flat facts (cost, currency, plan, row, unrated reason, destination): what a stored call keeps. */
export { ratingFacts, type RatingFacts } from './rating/rating-facts.js';

/**
 * rateCallFacts(out, { dialledNumber, numberForm, startMs, durationSeconds, carrier, site }, book) →
 * `ratingFacts(rateCall(…))`, the same values, written into `out` (createRatingFacts() makes one): no Date, no
 * breakdown, no object per call; the input may be one object refilled per call. The CDR collector's hot path.
 */
export { rateCallFacts, createRatingFacts, type CallFactsToRate } from './rating/rate-call-facts.js';

/** "2025-03-03T10:00" as wall time in an IANA zone (or with its own offset) → Date; undefined when unreadable. */
export { parseDateTimeIn } from './plan/plan-values.js';

/** The billed seconds for a duration under initial/subsequent increments (0 → 0; d ≤ I → I; else I + ⌈(d−I)/S⌉·S). */
export { billedSeconds } from './rating/charge-arithmetic.js';

/** The lines `tollgate rate` prints: destination, plan, row, band(s), increments, rounding, minimum. */
export { explainRating } from './rating/explain-rating.js';

/**
 * Zoned time, the one module for it (budgets, reports, the scheduler and rating use it). Instants are
 * epoch milliseconds at every boundary. `ZonedClock`/`zonedClock(zone)`: UTC offsets memoised per UTC day
 * (the zone database asked through luxon a few times per new day; a DST change found by bisection):
 * `offsetAt(ms)`, `localMs(ms)`, `instantOf(localMs)`. `toLocal`/`fromLocal` turn instants into wall-clock
 * readings and back (a skipped time moves forward by the gap, a repeated one is its first occurrence);
 * `startOfLocalDay` is a day's first instant (an empty span for a day the zone skipped).
 */
export { ZonedClock, zonedClock, isTimeZone, DAY_MS } from './zoned-time/zoned-clock.js';
export {
  toLocal,
  fromLocal,
  startOfLocalDay,
  offsetAt,
  offsetSegments,
  type OffsetSegment,
} from './zoned-time/local-time.js';

/**
 * Calendar arithmetic on local dates, and the one week: weekdays count 0 = Monday … 6 = Sunday
 * (`weekdayOf`, `weekdayOfDay` for days since 1970; `isoWeekday` turns one into settings' ISO 1 = Monday … 7 =
 * Sunday); `startOfWeek(date, weekStartsOn)` is the first day of the week holding a date.
 */
export {
  addDays,
  addMonths,
  compareLocalDates,
  dayIndexOf,
  daysInMonth,
  EPOCH_WEEKDAY,
  formatLocal,
  formatLocalDate,
  isoWeekday,
  localAsUtc,
  minuteOfDay,
  parseLocalDate,
  startOfWeek,
  utcAsLocal,
  weekdayOf,
  weekdayOfDay,
  type LocalDate,
  type LocalDateTime,
  type Weekday,
} from './zoned-time/calendar.js';

/**
 * Money as text, the one module for it: minor units ⇄ exact decimal text (`minorToDecimal`,
 * `decimalToMinor`), the one currency-digits table (`currencyMinorDigits`: undefined when unknown;
 * `currencyDigits`: 2 then), `isCurrency`. Fine units are 1/10000 of a minor unit. Text for people,
 * in their language, is `formatMoney` in src/i18n, built on these.
 */
export {
  FINE_PER_MINOR,
  currencyDigits,
  currencyMinorDigits,
  decimalToMinor,
  formatFine,
  isCurrency,
  minorToDecimal,
} from './money/money-units.js';
