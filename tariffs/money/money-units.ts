/**
 * Money in plans and results is exact integers:
 * - amounts charged (costs, minimum and maximum charges) in minor units (cents);
 * - rates per minute and connection fees in "fine units": 1/10000 of a minor
 *   unit, so a rate can be written with four more decimals than the currency
 *   has (0.012345 EUR/min = 123450 fine units).
 */
export const FINE_PER_MINOR = 10_000;
export const FINE_DIGITS = 4;

const digitsCache = new Map<string, number | null>();
let knownCurrencies: ReadonlySet<string> | undefined;

/** Whether a code is an ISO 4217 currency Intl knows (EUR, JPY, BHD). */
export function isCurrency(code: string): boolean {
  return currencyMinorDigits(code) !== undefined;
}

/** Decimals of an ISO 4217 currency (EUR 2, JPY 0, BHD 3), or undefined when unknown. The one table of them. */
export function currencyMinorDigits(code: string): number | undefined {
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
    digits =
      /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code)
        ? (new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ??
          2)
        : null;
    digitsCache.set(code, digits);
  }
  return digits ?? undefined;
}

/** Decimals to show for a currency: its own, or 2 when it is missing or unknown. */
export function currencyDigits(currency: string | null | undefined): number {
  return (currency ? currencyMinorDigits(currency) : undefined) ?? 2;
}

/**
 * Reads a non-negative decimal ("0.0250", "12", "1.5") as an integer scaled by
 * 10^scale, exactly. Returns an error text when it is not a plain decimal, has
 * more decimals than `scale`, or exceeds `max`.
 */
export function parseScaledDecimal(text: string, scale: number, max: number): number | { error: string } {
  const match = /^([0-9]{1,15})(?:\.([0-9]+))?$/.exec(text.trim());
  if (match === null) {
    return {
      error: /^-/.test(text.trim())
        ? `"${text}" is negative`
        : `"${text}" is not a decimal number (digits and an optional . only)`,
    };
  }
  const whole = match[1] as string;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return { error: `"${text}" has more than ${scale} decimals` };
  const value = Number(whole) * 10 ** scale + (fraction === '' ? 0 : Number(fraction.padEnd(scale, '0')));
  if (!Number.isSafeInteger(value) || value > max) return { error: `"${text}" is too large` };
  return value;
}

/** An integer scaled by 10^scale as a decimal string ("12345", 4 → "1.2345"). */
export function formatScaled(value: number, scale: number): string {
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Integer minor units as an exact decimal string (1234 EUR → "12.34", -5 JPY → "-5"), never through a double. */
export function minorToDecimal(minor: number, currency: string | null | undefined): string {
  return formatScaled(Math.trunc(minor), currencyDigits(currency));
}

/**
 * A decimal amount of a currency ("50", "49.9", "1,234.50", "-10.00") as
 * integer minor units, exactly; an error text when it is not an amount, has
 * more decimals than the currency or is too large.
 */
export function decimalToMinor(text: string, currency: string): number | { error: string } {
  const digits = currencyDigits(currency);
  const m = /^\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return { error: `"${text}" is not an amount (e.g. 50 or 49.90)` };
  const [, sign, whole = '0', fraction = ''] = m;
  if (fraction.length > digits) return { error: `"${text}" has more than ${digits} decimal places for ${currency}` };
  const minor = Number(whole.replace(/,/g, '')) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { error: `"${text}" is too large` };
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** Fine units as a decimal amount of the currency, all decimals kept (123450 EUR → "0.012345"). */
export function formatFine(fine: number, currency: string): string {
  return formatScaled(fine, currencyDigits(currency) + FINE_DIGITS);
}
