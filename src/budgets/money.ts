import { BadInputError } from '../errors/index.js';

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

/** Decimal places of a currency's minor unit (EUR 2, JPY 0, BHD 3). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * "50", "50.5", "1,234.50" or "-10.00" in a currency → integer minor units,
 * exactly (no floating point). More decimals than the currency has are refused.
 */
export function parseMoney(text: string, currency: string): number {
  const digits = minorDigits(currency);
  const m = /^\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) throw new BadInputError(`"${text}" is not an amount (e.g. 50 or 49.90)`);
  const [, sign, whole = '0', fraction = ''] = m;
  if (fraction.length > digits)
    throw new BadInputError(`"${text}" has more than ${digits} decimal places for ${currency}`);
  const minor = Number(whole.replace(/,/g, '')) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new BadInputError(`"${text}" is too large`);
  return sign === '-' ? -minor : minor;
}

/** Minor units as a plain decimal string ("1234.50"), for CSV and JSON. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** Minor units for people: "€ 1.234,50" in Italian, "€1,234.50" in English. */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const decimal = minorToDecimal(minor, currency);
  // Intl formats decimal strings exactly (no conversion through a double).
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal as unknown as number);
}
