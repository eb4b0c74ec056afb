import { describe, expect, it } from 'vitest';
import { catalogues, languages, type Catalogue } from '../src/i18n/index.js';
import { phoneLanguage, phoneTexts } from './phone-language.js';
import { fitText } from './xml/fit-text.js';

const shortKeys = [
  'title',
  'menu.prompt',
  'menu.choosePrompt',
  'menu.defaultPinPrompt',
  'pin.lockTitle',
  'pin.unlockTitle',
  'pin.changeTitle',
  'pin.changePrompt',
  'pin.label',
  'pin.current',
  'pin.new',
  'pin.repeat',
  'done.lockedPrompt',
  'done.unlockedPrompt',
  'status.prompt',
  'notice.lockedPrompt',
  'notice.unlockedPrompt',
  'errors.prompt',
];
const softKeys = ['keys.select', 'keys.exit', 'keys.back', 'keys.submit', 'keys.changePin', 'keys.retry', 'keys.open'];
const length = (s: string) => [...s].length;

function allTexts(catalogue: Catalogue): string[] {
  return Object.values(catalogue).flatMap((v) => (typeof v === 'string' ? [v] : allTexts(v)));
}

describe.each(languages)('phone texts in %s', (lang) => {
  const t = phoneTexts(lang);

  it('fit titles, prompts and input labels in 32 characters, so nothing is cut on the phone', () => {
    const texts = [...shortKeys.map((k) => t(k)), ...[4, 5, 6, 8].map((count) => t('pin.prompt', { count }))];
    expect(texts.filter((s) => length(s) > 32)).toEqual([]);
  });

  it('keep softkey labels short enough for a softkey (10 characters)', () => {
    expect(softKeys.map((k) => t(k)).filter((s) => length(s) > 10)).toEqual([]);
  });

  it('keep menu items within 64 characters', () => {
    const items = ['menu.lock', 'menu.unlock', 'menu.changePin', 'menu.status'].map((k) => t(k));
    items.push(
      t('lineItem.locked', { line: '12345678 PT_Internal_Long' }),
      t('lineItem.unlocked', { line: '12345678 PT_Internal_Long' }),
    );
    expect(items.filter((s) => length(s) > 64)).toEqual([]);
  });
});

describe.each(languages.filter((l) => l !== 'ar'))('phone texts in %s on a Latin-1 phone', (lang) => {
  it('survive ISO-8859-1 with every letter readable (accents kept or decomposed, no "?")', () => {
    const lost = allTexts(catalogues.phone[lang]).filter(
      (s) => fitText(s, 10_000, 'ISO-8859-1', { multiline: true }).split('?').length !== s.split('?').length,
    );
    expect(lost).toEqual([]);
  });
});

describe('plural forms on the phone', () => {
  it('counts attempts and minutes in Polish with the forms for 1, 2-4 and 5+', () => {
    const t = phoneTexts('pl');
    expect([1, 3, 5, 22].map((count) => t('errors.wrongPin', { count }))).toEqual([
      'Błędny PIN. Została 1 próba.',
      'Błędny PIN. Zostały 3 próby.',
      'Błędny PIN. Zostało 5 prób.',
      'Błędny PIN. Zostały 22 próby.',
    ]);
    expect(t('errors.lockedOut', { count: 15 })).toBe('Zbyt wiele błędnych PIN-ów. Spróbuj ponownie za 15 minut.');
    expect(t('pin.prompt', { count: 4 })).toBe('Wpisz PIN (4 cyfry)');
  });

  it('counts attempts in Arabic with the dual and the forms for 3-10 and 11+', () => {
    const t = phoneTexts('ar');
    expect(t('errors.wrongPin', { count: 1 })).toBe('رمز PIN خاطئ. تبقّت محاولة واحدة.');
    expect(t('errors.wrongPin', { count: 2 })).toBe('رمز PIN خاطئ. تبقّت محاولتان.');
    expect(t('errors.wrongPin', { count: 4 })).toBe('رمز PIN خاطئ. تبقّت 4 محاولات.');
    expect(t('errors.lockedOut', { count: 15 })).toBe('محاولات خاطئة كثيرة. حاول مرة أخرى بعد 15 دقيقة.');
  });
});

describe('phoneLanguage', () => {
  it('prefers the user language from the directory', () => {
    expect(phoneLanguage('pl', 'fr-FR', 'en', 'UTF-8')).toBe('pl');
    expect(phoneLanguage('ar', 'de', 'en', 'UTF-8')).toBe('ar');
  });

  it('falls back to the phone Accept-Language, then to the default', () => {
    expect(phoneLanguage(null, 'it_IT', 'en', 'UTF-8')).toBe('it');
    expect(phoneLanguage('xx', 'pt-BR, pl;q=0.5', 'en', 'UTF-8')).toBe('pl');
    expect(phoneLanguage(undefined, undefined, 'fr', 'UTF-8')).toBe('fr');
  });

  it('gives a phone that only takes ISO-8859-1 the default language instead of Arabic it cannot show', () => {
    expect(phoneLanguage('ar', undefined, 'de', 'ISO-8859-1')).toBe('de');
    expect(phoneLanguage('ar', undefined, 'ar', 'ISO-8859-1')).toBe('en');
    expect(phoneLanguage('pl', undefined, 'de', 'ISO-8859-1')).toBe('pl');
  });
});
