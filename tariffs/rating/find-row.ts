import { isChargeableByDefault, type DestinationType } from '../destination-type.js';
import type { TariffPlan, TariffRow } from '../plan/tariff-plan.js';

export type MatchedBy = 'prefix' | 'nation-type' | 'nation' | 'default' | 'free-by-default' | 'emergency';

export interface RowMatch {
  row: TariffRow | null;
  matchedBy: MatchedBy;
}

/**
 * The row pricing a destination, in order: longest prefix; nation + type
 * (fixed-local falls back to the nation's fixed-national row); then, for types
 * chargeable by default only, the nation's row for any type and the plan's
 * default row. Toll-free numbers no row names are free.
 */
export function findRow(plan: TariffPlan, e164: string | undefined, nation: string | undefined, type: DestinationType): RowMatch | undefined {
  const lookup = plan.lookup;
  if (e164 !== undefined) {
    const row = lookup.prefixes.longestValue(e164, 1);
    if (row !== undefined) return { row, matchedBy: 'prefix' };
  }
  if (nation !== undefined) {
    const row = lookup.byNationType.get(`${nation}|${type}`) ?? (type === 'fixed-local' ? lookup.byNationType.get(`${nation}|fixed-national`) : undefined);
    if (row !== undefined) return { row, matchedBy: 'nation-type' };
  }
  if (!isChargeableByDefault(type)) return { row: null, matchedBy: 'free-by-default' };
  if (nation !== undefined) {
    const row = lookup.byNationType.get(`${nation}|`);
    if (row !== undefined) return { row, matchedBy: 'nation' };
  }
  return lookup.defaultRow !== undefined ? { row: lookup.defaultRow, matchedBy: 'default' } : undefined;
}
