import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { siteSchema, type Config, type SiteConfig } from '../src/config/index.js';
import { zonedClock, type ZonedClock } from '../tariffs/index.js';
import type { DecisionOutcome } from './call-decision.js';

/** Compiled settings the decision reads: built once from the configuration, never mutated. */
export interface CurriPolicy {
  sites: ReadonlyMap<string, SitePolicy>;
  defaultSite: SitePolicy;
  contexts: ReadonlyMap<string, ContextPolicy>;
  /** The context of the bare /curri path. */
  rootContext: ContextPolicy;
  /**
   * Every emergency number of every site and the global list, in every form a
   * site's users or CUCM may give it (see emergencyFormsAtSite).
   */
  emergencyNumbers: ReadonlySet<string>;
  /** The longest entry of emergencyNumbers: longer called numbers are not looked up. */
  emergencyNumberMaxLength: number;
  alwaysAllowedExact: ReadonlySet<string>;
  alwaysAllowedPrefixes: readonly string[];
  unknownCaller: 'permit' | 'deny' | 'indeterminate';
  locked: { treatment: 'deny' | 'divert'; destination: string; divertReason: string };
  announcements: {
    locked: string;
    budgetExhausted: string;
    outsideWorkingHours: string;
    attemptBurst: string;
    unknownCaller: string;
  };
  workingHours: {
    enabled: boolean;
    days: ReadonlySet<number>;
    startMinute: number;
    endMinute: number;
    destinationTypes: ReadonlySet<string>;
  };
  burst: { enabled: boolean; maxAttempts: number; windowMs: number };
  failureOutcome: Extract<DecisionOutcome, 'indeterminate' | 'notapplicable' | 'permit' | 'deny'>;
}

export interface SitePolicy {
  name: string;
  config: SiteConfig;
  internalPatterns: readonly RegExp[];
  /** The site's wall clock (UTC offsets memoised per day), for working hours. */
  clock: ZonedClock;
}

export interface ContextPolicy {
  name: string;
  /** Partitions served; null = every partition. */
  partitions: ReadonlySet<string> | null;
  /** Site for callers not in the directory; null = the default site. */
  site: string | null;
  /** Overrides the site's internal patterns when not null. */
  internalPatterns: readonly RegExp[] | null;
  /**
   * With own internal patterns: each site's configuration carrying them, so that
   * the number classification agrees with the context (built once: the tariff
   * module memoises per site object).
   */
  siteConfigs: ReadonlyMap<string, SiteConfig> | null;
}

/** Builds the policy from the `curri` and `sites` configuration sections (validated by zod already). */
export function compileCurriPolicy(curri: Config['curri'], sites: Config['sites']): CurriPolicy {
  const sitePolicies = new Map<string, SitePolicy>();
  for (const [name, config] of Object.entries(sites)) {
    sitePolicies.set(name, {
      name,
      config,
      internalPatterns: config.internalPatterns.map((p) => new RegExp(p)),
      clock: zonedClock(config.timeZone),
    });
  }
  const defaultSite = sitePolicies.get('default') ?? sitePolicies.values().next().value ?? fallbackSite();
  // Deliberately broad: every site's forms of every listed number, so that the
  // check needs no site (it also guards the failure paths, where none is known).
  const emergencyNumbers = new Set<string>();
  const baseNumbers = [
    ...curri.emergencyNumbers,
    ...[...sitePolicies.values()].flatMap((s) => s.config.emergencyNumbers),
  ];
  for (const site of sitePolicies.values()) {
    for (const form of emergencyFormsAtSite(site.config, baseNumbers)) emergencyNumbers.add(form);
  }
  for (const number of baseNumbers) emergencyNumbers.add(number);

  const toContext = (name: string, c: Config['curri']['contexts'][string]): ContextPolicy => {
    const own = c.internalPatterns.length > 0;
    const siteList = [...sitePolicies.values(), ...(sitePolicies.has(defaultSite.name) ? [] : [defaultSite])];
    return {
      name,
      partitions: c.partitions.length > 0 ? new Set(c.partitions) : null,
      site: c.site !== '' ? c.site : null,
      internalPatterns: own ? c.internalPatterns.map((p) => new RegExp(p)) : null,
      siteConfigs: own
        ? new Map(siteList.map((site) => [site.name, { ...site.config, internalPatterns: c.internalPatterns }]))
        : null,
    };
  };
  const contexts = new Map(Object.entries(curri.contexts).map(([name, c]) => [name, toContext(name, c)]));
  const [startH, startM] = curri.workingHours.start.split(':').map(Number) as [number, number];
  const [endH, endM] = curri.workingHours.end.split(':').map(Number) as [number, number];
  return {
    sites: sitePolicies,
    defaultSite,
    contexts,
    rootContext: contexts.get('default') ?? {
      name: '',
      partitions: null,
      site: null,
      internalPatterns: null,
      siteConfigs: null,
    },
    emergencyNumbers,
    emergencyNumberMaxLength: Math.max(0, ...[...emergencyNumbers].map((n) => n.length)),
    alwaysAllowedExact: new Set(curri.alwaysAllowed.filter((n) => !n.endsWith('*'))),
    alwaysAllowedPrefixes: curri.alwaysAllowed.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1)),
    unknownCaller: curri.unknownCaller,
    locked: {
      treatment: curri.locked.treatment,
      destination: curri.locked.divertDestination,
      divertReason: curri.locked.divertReason,
    },
    announcements: {
      locked: curri.announcements.locked,
      budgetExhausted: curri.announcements.budgetExhausted,
      outsideWorkingHours: curri.announcements.outsideWorkingHours,
      attemptBurst: curri.announcements.attemptBurst,
      unknownCaller: curri.announcements.unknownCaller,
    },
    workingHours: {
      enabled: curri.workingHours.enabled,
      days: new Set(curri.workingHours.days),
      startMinute: startH * 60 + startM,
      endMinute: endH * 60 + endM,
      destinationTypes: new Set(curri.workingHours.destinationTypes),
    },
    burst: {
      enabled: curri.burst.enabled,
      maxAttempts: curri.burst.maxAttempts,
      windowMs: curri.burst.windowMinutes * 60_000,
    },
    failureOutcome: curri.failureDecision,
  };
}

/**
 * The forms of emergency numbers as dialled at a site or globalised by CUCM:
 * 112, with the PSTN access code (0112), in E.164 (+39112), and after the
 * international prefix, with or without the access code (0039112, 00039112).
 */
function emergencyFormsAtSite(site: SiteConfig, numbers: readonly string[]): Set<string> {
  const countryCode = getCountryCallingCode(site.country as CountryCode);
  const international = site.internationalPrefix + countryCode;
  const forms = new Set<string>();
  for (const number of numbers) {
    for (const access of new Set(['', site.pstnAccessCode])) {
      forms.add(access + number);
      if (site.internationalPrefix !== '') forms.add(access + international + number);
    }
    forms.add(`+${countryCode}${number}`);
  }
  return forms;
}

/** Used only when the configuration names no site at all. */
function fallbackSite(): SitePolicy {
  const config = siteSchema.parse({ country: 'US', internalPatterns: [], emergencyNumbers: [] });
  return {
    name: 'default',
    config,
    internalPatterns: [],
    clock: zonedClock('UTC'),
  };
}
