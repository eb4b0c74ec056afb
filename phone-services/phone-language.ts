import { resolveLanguage, translator, type Language, type Translate } from '../src/i18n/index.js';
import type { PhoneCharset } from './xml/phone-charset.js';

/** Scripts a Latin-1 phone cannot show at all: transliterating them would leave only question marks. */
const needsUnicode: ReadonlySet<Language> = new Set<Language>(['ar']);

/**
 * The user's language from the directory first; else the phone's
 * Accept-Language (`en-US`, `it_IT`, `pl`); else the configured default. A
 * phone that only takes ISO-8859-1 cannot show Arabic, so it gets the default
 * language (English when the default is Arabic too).
 */
export function phoneLanguage(
  userLanguage: string | null | undefined,
  acceptLanguage: string | undefined,
  fallback: Language,
  charset: PhoneCharset,
): Language {
  const wanted = resolveLanguage(userLanguage, resolveLanguage(acceptLanguage, fallback));
  if (charset === 'UTF-8' || !needsUnicode.has(wanted)) return wanted;
  return needsUnicode.has(fallback) ? 'en' : fallback;
}

/** The phone screens' texts in a language. */
export function phoneTexts(language: Language): Translate {
  return translator(language, 'phone');
}
