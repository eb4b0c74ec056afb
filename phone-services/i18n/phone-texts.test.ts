import { describe, expect, it } from 'vitest';
import { phoneTexts, pickLanguage } from './texts-for.js';

const shortTexts = (lang: keyof typeof phoneTexts): string[] => {
  const t = phoneTexts[lang];
  return [
    t.title,
    t.menu.prompt,
    t.menu.choosePrompt,
    t.menu.defaultPinPrompt,
    t.pin.lockTitle,
    t.pin.unlockTitle,
    t.pin.changeTitle,
    t.pin.prompt(8),
    t.pin.changePrompt,
    t.pin.label,
    t.pin.current,
    t.pin.new,
    t.pin.repeat,
    t.done.lockedPrompt,
    t.done.unlockedPrompt,
    t.status.prompt,
    t.notice.lockedPrompt,
    t.notice.unlockedPrompt,
    t.errors.prompt,
  ];
};

describe.each(Object.keys(phoneTexts) as Array<keyof typeof phoneTexts>)('phone texts in %s', (lang) => {
  it('fit titles, prompts and input labels in 32 characters, so nothing is cut on the phone', () => {
    const tooLong = shortTexts(lang).filter((s) => [...s].length > 32);
    expect(tooLong).toEqual([]);
  });

  it('keep softkey labels short enough for a softkey (10 characters)', () => {
    const tooLong = Object.values(phoneTexts[lang].keys).filter((s) => [...s].length > 10);
    expect(tooLong).toEqual([]);
  });

  it('keep menu items within 64 characters and use only Latin-1 characters', () => {
    const t = phoneTexts[lang];
    const items = [t.menu.lock, t.menu.unlock, t.menu.changePin, t.menu.status, t.lineItem('12345678 PT_Internal_Long', true)];
    expect(items.filter((s) => [...s].length > 64)).toEqual([]);
    const all = JSON.stringify(t) + items.join('') + t.errors.wrongPin(3) + t.done.locked('1') + t.errors.pinRejected('trivial', 4);
    expect([...all].filter((c) => (c.codePointAt(0) ?? 0) > 0xff)).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('prefers the user language from the directory', () => {
    expect(pickLanguage('de', 'fr-FR', 'en')).toBe('de');
  });
  it('falls back to the phone Accept-Language, then to the default', () => {
    expect(pickLanguage(null, 'it_IT', 'en')).toBe('it');
    expect(pickLanguage('xx', 'pt-BR, es;q=0.5', 'en')).toBe('es');
    expect(pickLanguage(undefined, undefined, 'fr')).toBe('fr');
  });
});
