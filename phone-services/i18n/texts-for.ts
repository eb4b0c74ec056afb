import type { PhoneTexts } from './phone-texts.js';
import { textsDe } from './texts-de.js';
import { textsEn } from './texts-en.js';
import { textsEs } from './texts-es.js';
import { textsFr } from './texts-fr.js';
import { textsIt } from './texts-it.js';

export type PhoneLanguage = 'en' | 'it' | 'de' | 'fr' | 'es';

export const phoneTexts: Record<PhoneLanguage, PhoneTexts> = { en: textsEn, it: textsIt, de: textsDe, fr: textsFr, es: textsEs };

export function isPhoneLanguage(value: string | null | undefined): value is PhoneLanguage {
  return value !== null && value !== undefined && Object.hasOwn(phoneTexts, value);
}

/**
 * The user's language from the directory first; else the phone's
 * Accept-Language (`en-US`, `it_IT`, `de`); else the configured default.
 */
export function pickLanguage(userLanguage: string | null | undefined, acceptLanguage: string | undefined, fallback: PhoneLanguage): PhoneLanguage {
  if (isPhoneLanguage(userLanguage)) return userLanguage;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isPhoneLanguage(code)) return code;
  }
  return fallback;
}
