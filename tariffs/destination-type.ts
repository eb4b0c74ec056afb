/**
 * What kind of number a call reached. International is not a type: a call is
 * international when its `nation` differs from the site's country.
 */
export type DestinationType =
  | 'fixed-local'
  | 'fixed-national'
  | 'mobile'
  | 'toll-free'
  | 'premium'
  | 'shared-cost'
  | 'emergency'
  | 'internal'
  | 'special'
  | 'unknown';

export const destinationTypes: readonly DestinationType[] = [
  'fixed-local',
  'fixed-national',
  'mobile',
  'toll-free',
  'premium',
  'shared-cost',
  'emergency',
  'internal',
  'special',
  'unknown',
];

const notChargeable: ReadonlySet<DestinationType> = new Set<DestinationType>(['toll-free', 'emergency', 'internal']);

/**
 * Whether calls to this type cost money unless a tariff row prices them
 * explicitly. Toll-free, emergency and internal calls are free by default.
 */
export function isChargeableByDefault(type: DestinationType): boolean {
  return !notChargeable.has(type);
}

export function isDestinationType(value: string): value is DestinationType {
  return (destinationTypes as readonly string[]).includes(value);
}

const labels: Record<DestinationType, string> = {
  'fixed-local': 'fixed (local)',
  'fixed-national': 'fixed',
  mobile: 'mobile',
  'toll-free': 'toll-free',
  premium: 'premium rate',
  'shared-cost': 'shared cost',
  emergency: 'emergency',
  internal: 'internal',
  special: 'special services',
  unknown: 'unknown type',
};

/** A short English label for reports and explanations ("mobile", "premium rate"). */
export function destinationTypeLabel(type: DestinationType): string {
  return labels[type];
}
