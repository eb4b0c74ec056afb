import { nationalToE164, placeE164 } from './place-number.js';

/**
 * How a site's users dial: the fields of the configuration's SiteConfig that
 * classification reads (SiteConfig is assignable to it; tariffs/ imports nothing from src/).
 */
export interface SiteDiallingPlan {
  country: string;
  areaCode: string;
  pstnAccessCode: string;
  nationalPrefix: string;
  internationalPrefix: string;
  internalPatterns: readonly string[];
  emergencyNumbers: readonly string[];
  /** E.164 prefixes of local fixed numbers; empty or absent = derived from the area code. */
  localPrefixes?: readonly string[];
  timeZone: string;
}

export interface CompiledSite {
  country: string;
  accessCode: string;
  internationalPrefix: string;
  nationalPrefix: string;
  areaCode: string;
  internal: readonly RegExp[];
  emergency: ReadonlySet<string>;
  /** E.164 prefixes (with +) of fixed numbers that are local calls. */
  localPrefixes: readonly string[];
}

export function compileSite(site: SiteDiallingPlan): CompiledSite {
  if (
    typeof site.country !== 'string' ||
    !Array.isArray(site.internalPatterns) ||
    !Array.isArray(site.emergencyNumbers)
  ) {
    throw new TypeError('not a site dialling plan');
  }
  const internal: RegExp[] = [];
  for (const pattern of site.internalPatterns) {
    try {
      internal.push(new RegExp(pattern));
    } catch {
      // The config schema refuses bad patterns; one built by hand is skipped rather than thrown on the hot path.
    }
  }
  const explicit = (site.localPrefixes ?? []).map((p) => p.replace(/ /g, '')).filter((p) => /^\+[0-9]+$/.test(p));
  const derived =
    explicit.length === 0 && site.areaCode !== '' ? areaCodeAsE164(site.areaCode, site.country) : undefined;
  return {
    country: site.country,
    accessCode: site.pstnAccessCode,
    internationalPrefix: site.internationalPrefix,
    nationalPrefix: site.nationalPrefix,
    areaCode: site.areaCode,
    internal,
    emergency: new Set(site.emergencyNumbers),
    localPrefixes: explicit.length > 0 ? explicit : derived !== undefined ? [derived] : [],
  };
}

/**
 * The E.164 prefix of an area code written as dialled nationally ("020" in GB →
 * "+4420", "02" in IT → "+3902"). Whether a country keeps its leading 0 depends
 * on whole-number patterns, so the area code is completed with a subscriber
 * number until libphonenumber accepts it as a fixed number, then cut back.
 */
export function areaCodeAsE164(areaCode: string, country: string): string | undefined {
  for (const filler of ['2', '5', '3', '4']) {
    for (let length = 4; length <= 10; length++) {
      const e164 = nationalToE164(areaCode + filler.repeat(length), country);
      if (e164 === undefined) return undefined;
      const placed = placeE164(e164);
      if (placed?.libType === 'FIXED_LINE' || placed?.libType === 'FIXED_LINE_OR_MOBILE')
        return placed.e164.slice(0, placed.e164.length - length);
    }
  }
  return undefined;
}
