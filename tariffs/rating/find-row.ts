import { isChargeableByDefault, type DestinationType } from '../destination-type.js';
import type { MatchedBy, RowMatch, TariffPlan } from '../plan/tariff-plan.js';

export type { MatchedBy, RowMatch };

export const freeByDefault: RowMatch = Object.freeze({ row: null, matchedBy: 'free-by-default' });
export const emergencyMatch: RowMatch = Object.freeze({ row: null, matchedBy: 'emergency' });

/**
 * The row pricing a destination, in order: longest prefix; nation + type
 * (fixed-local falls back to the nation's fixed-national row); then, for types
 * chargeable by default only, the nation's row for any type and the plan's
 * default row. Toll-free numbers no row names are free.
 */
export function findRow(
  plan: TariffPlan,
  e164: string | undefined,
  nation: string | undefined,
  type: DestinationType,
): RowMatch | undefined {
  const lookup = plan.lookup;
  if (e164 !== undefined) {
    const byPrefix = lookup.prefixes.longestValue(e164, 1);
    if (byPrefix !== undefined) return byPrefix;
  }
  const types = nation === undefined ? undefined : lookup.byNation.get(nation);
  if (types !== undefined) {
    const byType = types.get(type) ?? (type === 'fixed-local' ? types.get('fixed-national') : undefined);
    if (byType !== undefined) return byType;
  }
  if (!isChargeableByDefault(type)) return freeByDefault;
  return types?.get('') ?? lookup.defaultMatch;
}
