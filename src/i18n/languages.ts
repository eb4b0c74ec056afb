/** The languages Tollgate speaks, on the web, on the phones and in e-mails. */
export const languages = ['en', 'de', 'fr', 'es', 'ar', 'pl', 'it'] as const;
export type Language = (typeof languages)[number];

const known: ReadonlySet<string> = new Set(languages);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && known.has(value);
}

/**
 * The first language of `wanted` that we have, else `fallback`. `wanted` is a
 * directory language ('pl'), a tag ('pl-PL', 'it_IT') or an Accept-Language
 * list ('pt-BR, es;q=0.5'), taken in the order given.
 */
export function resolveLanguage(wanted: string | null | undefined, fallback: Language): Language {
  for (const part of (wanted ?? '').split(',')) {
    const code = part.trim().split(/[-_;]/)[0]?.toLowerCase();
    if (isLanguage(code)) return code;
  }
  return fallback;
}

export function textDirection(lang: Language): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/**
 * The Intl locale for a language. English follows British conventions (day
 * first, 24 hours): Tollgate's users are mostly European.
 */
export function intlLocale(lang: Language): string {
  return lang === 'en' ? 'en-GB' : lang;
}
