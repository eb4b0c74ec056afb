import { translator, type Language } from '../../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { webFormats } from '../web-translator.js';

/** The context page tests render with: a signed-in viewer ann in Rome, a fixed CSRF token. */
export function context(lang: Language, role: 'user' | 'admin' = 'user'): PageContext {
  return {
    viewer: { name: 'ann', username: 'ann', userId: 1, role, departments: [], language: lang, timeZone: 'Europe/Rome' },
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    t: translator(lang, 'web'),
    format: webFormats(lang, 'Europe/Rome'),
    csrf: 'token-123',
    assets: { css: '/assets/a.css', js: '/assets/a.js', htmx: '/assets/h.js' },
    path: '/phone-lock',
  };
}
