import { BoundedMemo } from '../bounded-memo.js';
import { destinationTypeLabel, type DestinationType } from '../destination-type.js';
import { DestinationOverrides } from './destination-overrides.js';
import type { LibNumberType } from './numbering-plans.js';
import { nationalToE164, placeE164, type NumberPlacement } from './place-number.js';
import { compileSite, type CompiledSite, type SiteDiallingPlan } from './site-dialling-plan.js';

export type DialledNumberKind = 'emergency' | 'internal' | 'external' | 'unrecognized';

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
 * A classification with its destination, built once per number and memoised
 * together; rating keeps the last plan's row match for the number here too.
 */
export interface ClassifiedNumber {
  readonly placed: DialledNumberClass;
  readonly destination: RatedDestination;
  /** Owned by rate-call.ts: the plan last used for this number and the row it matched (undefined = none). */
  rowCache: { plan: object; match: unknown } | null;
}

const MEMO_CAPACITY = 32_768;
const MAX_LENGTH = 32;

interface SiteMemo {
  site: CompiledSite;
  memo: BoundedMemo<string, ClassifiedNumber>;
}

const noOverrides = new DestinationOverrides([]);

const unrecognized: DialledNumberClass = Object.freeze({ kind: 'unrecognized', destinationType: 'unknown', name: 'Unrecognized destination' });
const internal: DialledNumberClass = Object.freeze({ kind: 'internal', destinationType: 'internal', name: 'Internal' });
const unrecognizedDestination: RatedDestination = Object.freeze({ e164: null, nation: null, destinationType: 'unknown', name: 'Unrecognized destination' });

/**
 * Classifies a number as dialled at a site. Answers are memoised per
 * (overrides, site object), so pass the same SiteConfig object each time.
 * Never throws: anything it cannot read is `unrecognized`.
 */
export function classifyDialledNumber(
  dialled: string,
  site: SiteDiallingPlan,
  overrides: DestinationOverrides = noOverrides,
): DialledNumberClass {
  return classifyNumber(dialled, site, overrides).placed;
}

/** classifyDialledNumber with the destination rating reports, from the same memo. */
export function classifyNumber(dialled: string, site: SiteDiallingPlan, overrides: DestinationOverrides = noOverrides): ClassifiedNumber {
  let entry = typeof site === 'object' && site !== null ? (overrides.memos.get(site) as SiteMemo | undefined) : undefined;
  if (entry === undefined) {
    try {
      entry = { site: compileSite(site), memo: new BoundedMemo(MEMO_CAPACITY) };
    } catch {
      // Not a site (a caller's bug): nothing can be read without a numbering plan.
      return { placed: unrecognized, destination: unrecognizedDestination, rowCache: null };
    }
    overrides.memos.set(site, entry);
  }
  const key = typeof dialled === 'string' ? dialled : '';
  const hit = entry.memo.get(key);
  if (hit !== undefined) return hit;
  let placed: DialledNumberClass;
  try {
    placed = classify(key, entry.site, overrides);
  } catch {
    placed = unrecognized;
  }
  const destination: RatedDestination = Object.freeze({
    e164: placed.e164 ?? null,
    nation: placed.nation ?? null,
    destinationType: placed.destinationType,
    name: placed.name,
  });
  const result: ClassifiedNumber = { placed, destination, rowCache: null };
  entry.memo.set(key, result);
  return result;
}

function clean(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_LENGTH) return undefined;
  let s = /[\s().-]/.test(raw) ? raw.replace(/[\s().-]/g, '') : raw;
  // A trailing # ends dialling (en-bloc sending); anywhere else it is a feature code.
  if (s.endsWith('#')) s = s.slice(0, -1);
  return /^\+?[0-9]+$/.test(s) ? s : undefined;
}

function classify(raw: string, site: CompiledSite, overrides: DestinationOverrides): DialledNumberClass {
  const s = clean(raw);
  if (s === undefined) return unrecognized;
  if (s.charCodeAt(0) === 43) return place([s], site, overrides);
  const access = site.accessCode;
  const afterAccess = access !== '' && s.startsWith(access) && s.length > access.length ? s.slice(access.length) : undefined;
  if (site.emergency.has(s) || (afterAccess !== undefined && site.emergency.has(afterAccess))) {
    return Object.freeze({ kind: 'emergency', nation: site.country, destinationType: 'emergency', name: `Emergency ${afterAccess !== undefined && site.emergency.has(afterAccess) ? afterAccess : s}` });
  }
  for (const pattern of site.internal) if (pattern.test(s)) return internal;
  const candidates: string[] = [];
  // With the access code stripped first (as dialled), then as is (outpulsed digits often lack it).
  for (const v of afterAccess !== undefined ? [afterAccess, s] : [s]) {
    if (site.internationalPrefix !== '' && v.startsWith(site.internationalPrefix)) {
      if (v.length > site.internationalPrefix.length) candidates.push(`+${v.slice(site.internationalPrefix.length)}`);
      continue;
    }
    if (site.nationalPrefix === '' || !v.startsWith(site.nationalPrefix)) {
      if (site.areaCode !== '') pushDefined(candidates, nationalToE164(site.areaCode + v, site.country));
    }
    pushDefined(candidates, nationalToE164(v, site.country));
  }
  return place(candidates, site, overrides);
}

function pushDefined(list: string[], value: string | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}

/** The first candidate an override or libphonenumber accepts; else the first of a possible length (type unknown). */
function place(candidates: readonly string[], site: CompiledSite, overrides: DestinationOverrides): DialledNumberClass {
  let possible: NumberPlacement | undefined;
  let known: NumberPlacement | undefined;
  for (const candidate of candidates) {
    const placed = placeE164(candidate);
    const e164 = placed?.e164 ?? candidate;
    const override = overrides.match(e164);
    if (override !== undefined) {
      const nation = override.nation ?? placed?.nation ?? undefined;
      return external(e164, nation, override.destinationType, override.name);
    }
    if (placed === undefined) continue;
    if (placed.libType !== undefined) return external(e164, placed.nation ?? undefined, typeOf(placed.libType, e164, site), undefined);
    if (placed.possible) possible ??= placed;
    known ??= placed;
  }
  if (possible !== undefined) return external(possible.e164, possible.nation ?? undefined, 'unknown', undefined);
  if (known !== undefined) {
    return Object.freeze({ kind: 'unrecognized', e164: known.e164, ...(known.nation !== null ? { nation: known.nation } : {}), destinationType: 'unknown', name: 'Unrecognized destination' });
  }
  return unrecognized;
}

function external(e164: string, nation: string | undefined, destinationType: DestinationType, name: string | undefined): DialledNumberClass {
  const label = name ?? destinationName(nation, destinationType, e164);
  return Object.freeze(
    nation !== undefined ? { kind: 'external', e164, nation, destinationType, name: label } : { kind: 'external', e164, destinationType, name: label },
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
const regionCache = new Map<string, string>();

/** "Italy mobile", "United Kingdom fixed", "International network +881". */
export function destinationName(nation: string | undefined, type: DestinationType, e164?: string): string {
  if (nation === undefined) {
    const code = e164 !== undefined ? placeE164(e164)?.callingCode : undefined;
    return `International network${code !== undefined ? ` +${code}` : ''}${type === 'unknown' ? '' : ` ${destinationTypeLabel(type)}`}`;
  }
  let region = regionCache.get(nation);
  if (region === undefined) {
    try {
      region = regionNames.of(nation) ?? nation;
    } catch {
      region = nation;
    }
    regionCache.set(nation, region);
  }
  return type === 'unknown' ? region : `${region} ${destinationTypeLabel(type)}`;
}
