import { minorToDecimal } from '../../tariffs/index.js';
import { cachedFormat } from './intl-cache.js';
import { intlLocale, type Language } from './languages.js';

export function formatNumber(lang: Language, value: number): string {
  return cachedFormat(`number|${lang}`, () => new Intl.NumberFormat(intlLocale(lang))).format(value);
}

/**
 * Integer minor units as money for people: "1.234,50 €" in German, "€1,234.50" in English. The one
 * localised money formatter; the decimals are the currency's (tariffs' table), exact at any size.
 */
export function formatMoney(lang: Language, minor: number, currency: string): string {
  // Intl formats a decimal string exactly, without going through a double.
  const decimal = minorToDecimal(minor, currency) as Intl.StringNumericLiteral;
  const format = cachedFormat(
    `money|${lang}|${currency}`,
    () => new Intl.NumberFormat(intlLocale(lang), { style: 'currency', currency }),
  );
  return format.format(decimal);
}

/** Whole seconds as "1 hr, 5 min, 3 sec" in the viewer's language. */
export function formatDuration(lang: Language, seconds: number): string {
  const locale = intlLocale(lang);
  const total = Math.max(0, Math.round(seconds));
  const parts = [
    ['hour', Math.floor(total / 3600)],
    ['minute', Math.floor((total % 3600) / 60)],
    ['second', total % 60],
  ] as const;
  const shown = parts.filter(([, n]) => n > 0);
  const unit = (name: string, n: number) =>
    cachedFormat(
      `unit|${lang}|${name}`,
      () => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }),
    ).format(n);
  if (shown.length === 0) return unit('second', 0);
  const list = cachedFormat(`units|${lang}`, () => new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }));
  return list.format(shown.map(([name, n]) => unit(name, n)));
}
