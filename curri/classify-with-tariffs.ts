import type { SiteConfig } from '../src/config/index.js';
import { classifyDialledNumber, isChargeableByDefault, type DestinationOverrides } from '../tariffs/index.js';
import type { CallDestination, DestinationClassifier } from './call-destination.js';

/**
 * The classifier CURRI uses: the tariff module's own classification (the same
 * one that rates the CDRs), so a number denied as premium here is the number
 * billed as premium there. `overrides` returns the administrator's destination
 * overrides currently in force, if any.
 */
export function createTariffClassifier(overrides?: () => DestinationOverrides | undefined): DestinationClassifier {
  // The tariff module memoises its answers per site, so each answer object maps to one destination.
  const mapped = new WeakMap<object, CallDestination>();
  return (dialled: string, site: SiteConfig): CallDestination => {
    const current = overrides?.();
    const c = current ? classifyDialledNumber(dialled, site, current) : classifyDialledNumber(dialled, site);
    let destination = mapped.get(c);
    if (destination === undefined) {
      destination = {
        kind: c.kind,
        destinationType: c.destinationType !== 'unknown' ? c.destinationType : null,
        international: c.nation !== undefined && c.nation !== site.country,
        chargeable: c.kind === 'unrecognized' || isChargeableByDefault(c.destinationType),
      };
      mapped.set(c, destination);
    }
    return destination;
  };
}
