import { destinationTypeLabel, type DestinationType } from '../destination-type.js';
import { detach, MemoSlotBudget, NumberMemo } from '../number-memo.js';
import { DestinationOverrides } from './destination-overrides.js';
import type { LibNumberType } from './numbering-plans.js';
import { nationalToE164, placeE164 } from './place-number.js';
import { compileSite, type CompiledSite, type SiteDiallingPlan } from './site-dialling-plan.js';

export type DialledNumberKind = 'emergency' | 'internal' | 'external' | 'unrecognized';

/**
 * The form a number is written in, which follows from where it was taken:
 * - `dialled`: as the user dialled it (CURRI's called number, a CDR's
 *   finalCalledPartyNumber / originalCalledPartyNumber). An external number
 *   carries the site's PSTN access code: exactly one is stripped, and what is
 *   left is read as the gateway would send it. A number without the access code
 *   is read as it is (the only reading it has).
 * - `outpulsed`: as sent to the gateway (outpulsedCalledPartyNumber): never
 *   carries the access code, so nothing is stripped; internal patterns do not
 *   apply (it left through the PSTN).
 * A number starting with `+` is E.164 in either form.
 */
export type NumberForm = 'dialled' | 'outpulsed';

/** What a dialled (or outpulsed) number is, from the calling site's point of view. */
export interface DialledNumberClass {
  readonly kind: DialledNumberKind;
  /** The number in E.164 (`+` and digits) when it could be normalised. */
  readonly e164?: string;
  /** ISO 3166 alpha-2 of the destination; absent for international networks (+800, +881…) and internal calls. */
  readonly nation?: string;
  readonly destinationType: DestinationType;
  /** A readable destination ("Italy mobile", or an override's name). */
  readonly name: string;
}

/** The destination of a call as rating reports and stores it (nulls rather than absent fields). */
export interface RatedDestination {
  /** Null for emergency numbers (short codes have no E.164 form). */
  readonly e164: string | null;
  readonly nation: string | null;
  readonly destinationType: DestinationType;
  readonly name: string;
}

/**
 * A classification, built once per number and memoised; rating keeps the last
 * plan's row match for the number here too, and builds the destination it
 * reports on first use (the CDR collector stores the facts and never needs it).
 */
export class ClassifiedNumber {
  // The placement's fields again, on this object: rating reads them here, one object (one cache miss) per number.
  readonly kind: DialledNumberKind;
  readonly e164: string | undefined;
  readonly nation: string | undefined;
  readonly destinationType: DestinationType;
  readonly name: string;
  private rated: RatedDestination | undefined;
  /** Owned by rate-call.ts: the plan last used for this number (null = none yet) and the row it matched. */
  rowPlan: object | null = null;
  rowMatch: unknown = undefined;

  constructor(readonly placed: DialledNumberClass) {
    this.kind = placed.kind;
    this.e164 = placed.e164;
    this.nation = placed.nation;
    this.destinationType = placed.destinationType;
    this.name = placed.name;
  }

  get destination(): RatedDestination {
    return (this.rated ??= destinationOf(this.placed));
  }
}

/** Slots per (overrides, site, form): room for the numbers a large site calls without replacing them. */
const MEMO_SLOTS = 131_072;
/**
 * Slots of all this thread's memos together, every site and form: one site's two memos may fill them (about 67 MB
 * full, 256 bytes an entry with its classification), further sites share what is left. Bounded per site only, a
 * thread serving four sites held 268 MB once their memos filled, past the ingest worker's heap limit (issue 18).
 */
const memoBudget = new MemoSlotBudget(2 * MEMO_SLOTS);
const MAX_LENGTH = 32;

interface SiteMemo {
  site: CompiledSite;
  dialled: NumberMemo<ClassifiedNumber>;
  outpulsed: NumberMemo<ClassifiedNumber>;
}

const noOverrides = new DestinationOverrides([]);

const unrecognized: DialledNumberClass = Object.freeze({
  kind: 'unrecognized',
  destinationType: 'unknown',
  name: 'Unrecognized destination',
});
const internal: DialledNumberClass = Object.freeze({ kind: 'internal', destinationType: 'internal', name: 'Internal' });
const unrecognizedNumber = new ClassifiedNumber(unrecognized);

/**
 * Classifies a number dialled (or outpulsed: `form`) at a site. Answers are
 * memoised per (overrides, site object, form), so pass the same SiteConfig
 * object each time. Never throws: anything it cannot read is `unrecognized`.
 */
export function classifyDialledNumber(
  dialled: string,
  site: SiteDiallingPlan,
  overrides: DestinationOverrides = noOverrides,
  form: NumberForm = 'dialled',
): DialledNumberClass {
  return classifyNumber(dialled, site, overrides, form).placed;
}

/** classifyDialledNumber with the destination rating reports, from the same memo. */
export function classifyNumber(
  dialled: string,
  site: SiteDiallingPlan,
  overrides: DestinationOverrides = noOverrides,
  form: NumberForm = 'dialled',
): ClassifiedNumber {
  let entry =
    typeof site === 'object' && site !== null ? (overrides.memos.get(site) as SiteMemo | undefined) : undefined;
  if (entry === undefined) {
    try {
      const compiled = compileSite(site);
      entry = {
        site: compiled,
        dialled: new NumberMemo(MEMO_SLOTS, memoBudget),
        outpulsed: new NumberMemo(MEMO_SLOTS, memoBudget),
      };
    } catch {
      // Not a site (a caller's bug): nothing can be read without a numbering plan.
      return unrecognizedNumber;
    }
    overrides.memos.set(site, entry);
  }
  const outpulsed = form === 'outpulsed';
  const memo = outpulsed ? entry.outpulsed : entry.dialled;
  const key = typeof dialled === 'string' ? dialled : '';
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  let placed: DialledNumberClass;
  // The memo's own copy of the number: neither it nor the texts made from it may keep a CDR line alive.
  const own = detach(key);
  try {
    placed = classify(own, entry.site, overrides, outpulsed);
  } catch {
    placed = unrecognized;
  }
  const result = new ClassifiedNumber(placed);
  memo.set(own, result);
  return result;
}

function destinationOf(placed: DialledNumberClass): RatedDestination {
  return Object.freeze({
    e164: placed.e164 ?? null,
    nation: placed.nation ?? null,
    destinationType: placed.destinationType,
    name: placed.name,
  });
}

function clean(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_LENGTH) return undefined;
  let s = /[\s().-]/.test(raw) ? raw.replace(/[\s().-]/g, '') : raw;
  // A trailing # ends dialling (en-bloc sending); anywhere else it is a feature code.
  if (s.endsWith('#')) s = s.slice(0, -1);
  return /^\+?[0-9]+$/.test(s) ? s : undefined;
}

function classify(
  raw: string,
  site: CompiledSite,
  overrides: DestinationOverrides,
  outpulsed: boolean,
): DialledNumberClass {
  const s = clean(raw);
  if (s === undefined) return unrecognized;
  if (s.charCodeAt(0) === 43) return place(s, site, overrides);
  const access = site.accessCode;
  // Only a dialled number carries the access code; exactly one is stripped, never tried both ways.
  const stripped = !outpulsed && access !== '' && s.startsWith(access) && s.length > access.length;
  const afterAccess = stripped ? s.slice(access.length) : undefined;
  const bare = site.emergency.has(s);
  const emergency = bare ? s : afterAccess !== undefined && site.emergency.has(afterAccess) ? afterAccess : '';
  if (emergency !== '') {
    const name = `Emergency ${emergency}`;
    return Object.freeze({ kind: 'emergency', nation: site.country, destinationType: 'emergency', name });
  }
  if (!outpulsed) for (const pattern of site.internal) if (pattern.test(s)) return internal;
  return place(asE164(afterAccess ?? s, site), site, overrides);
}

/**
 * The one E.164 reading of a number as a gateway sends it (no access code):
 * after the international prefix, `+` and the rest; with the national prefix,
 * national; any other is local (the area code before it) unless that makes it
 * longer than the country's numbers (10-digit dialling in the US), else national.
 */
function asE164(digits: string, site: CompiledSite): string | undefined {
  const international = site.internationalPrefix;
  if (international !== '' && digits.startsWith(international)) {
    return digits.length > international.length ? `+${digits.slice(international.length)}` : undefined;
  }
  if (site.areaCode !== '' && (site.nationalPrefix === '' || !digits.startsWith(site.nationalPrefix))) {
    const local = nationalToE164(site.areaCode + digits, site.country);
    if (local !== undefined && placeE164(local)?.possible === true) return local;
  }
  return nationalToE164(digits, site.country);
}

/** An override's or libphonenumber's placement; a number of a possible length with no known type is `unknown`. */
function place(e164: string | undefined, site: CompiledSite, overrides: DestinationOverrides): DialledNumberClass {
  if (e164 === undefined) return unrecognized;
  const placed = placeE164(e164);
  const number = placed?.e164 ?? e164;
  const override = overrides.match(number);
  if (override !== undefined) {
    return external(number, override.nation ?? placed?.nation ?? undefined, override.destinationType, override.name);
  }
  if (placed === undefined) return unrecognized;
  const nation = placed.nation ?? undefined;
  if (placed.libType !== undefined) return external(number, nation, typeOf(placed.libType, number, site), undefined);
  if (placed.possible) return external(number, nation, 'unknown', undefined);
  const where = nation !== undefined ? { nation } : {};
  return Object.freeze({ ...unrecognized, e164: number, ...where });
}

function external(
  e164: string,
  nation: string | undefined,
  destinationType: DestinationType,
  name: string | undefined,
): DialledNumberClass {
  const label = name ?? destinationName(nation, destinationType, e164);
  return Object.freeze(
    nation !== undefined
      ? { kind: 'external', e164, nation, destinationType, name: label }
      : { kind: 'external', e164, destinationType, name: label },
  );
}

function typeOf(libType: LibNumberType, e164: string, site: CompiledSite): DestinationType {
  switch (libType) {
    case 'FIXED_LINE':
    case 'FIXED_LINE_OR_MOBILE':
      return site.localPrefixes.some((p) => e164.startsWith(p)) ? 'fixed-local' : 'fixed-national';
    case 'MOBILE':
      return 'mobile';
    case 'TOLL_FREE':
      return 'toll-free';
    case 'PREMIUM_RATE':
      return 'premium';
    case 'SHARED_COST':
      return 'shared-cost';
    default:
      return 'special';
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const names = new Map<string, string>();

/** "Italy mobile", "United Kingdom fixed", "International network +881". */
export function destinationName(nation: string | undefined, type: DestinationType, e164?: string): string {
  if (nation === undefined) {
    const code = e164 !== undefined ? placeE164(e164)?.callingCode : undefined;
    return (
      `International ` +
      `network${code !== undefined ? ` +${code}` : ''}${type === 'unknown' ? '' : ` ${destinationTypeLabel(type)}`}`
    );
  }
  const key = `${nation} ${type}`;
  let name = names.get(key);
  if (name === undefined) {
    let region: string;
    try {
      region = regionNames.of(nation) ?? nation;
    } catch {
      region = nation;
    }
    name = type === 'unknown' ? region : `${region} ${destinationTypeLabel(type)}`;
    // One text per nation and type, shared by every number placed there (not one per memoised number).
    if (names.size < 10_000) names.set(key, name);
  }
  return name;
}
