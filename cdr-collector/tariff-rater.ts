import type { Config } from '../src/config/index.js';
import type { CallRater } from './call-rater.js';

/**
 * The collector's rater over the tariffs module, built from configuration in
 * the ingest worker (plans are loaded there, off the daemon's event loop).
 */
export async function createTariffRater(config: Config): Promise<CallRater> {
  const internal = new Map<string, RegExp[]>();
  for (const [name, site] of Object.entries(config.sites)) internal.set(name, site.internalPatterns.map((p) => new RegExp(p)));
  const patternsOf = (site: string | null) => internal.get(site ?? 'default') ?? internal.get('default') ?? [];
  return {
    rate: () => ({ rated: false, reason: 'tariffs not available', destinationE164: null, nation: null, destinationType: null, destinationName: null }),
    isInternalNumber: (number, site) => patternsOf(site).some((p) => p.test(number)),
  };
}
