import type { Language } from '../languages.js';
import phoneEn from './phone/en.json' with { type: 'json' };
import phoneDe from './phone/de.json' with { type: 'json' };
import phoneFr from './phone/fr.json' with { type: 'json' };
import phoneEs from './phone/es.json' with { type: 'json' };
import phoneAr from './phone/ar.json' with { type: 'json' };
import phonePl from './phone/pl.json' with { type: 'json' };
import phoneIt from './phone/it.json' with { type: 'json' };
import mailEn from './mail/en.json' with { type: 'json' };
import mailDe from './mail/de.json' with { type: 'json' };
import mailFr from './mail/fr.json' with { type: 'json' };
import mailEs from './mail/es.json' with { type: 'json' };
import mailAr from './mail/ar.json' with { type: 'json' };
import mailPl from './mail/pl.json' with { type: 'json' };
import mailIt from './mail/it.json' with { type: 'json' };
import webEn from './web/en.json' with { type: 'json' };
import webDe from './web/de.json' with { type: 'json' };
import webFr from './web/fr.json' with { type: 'json' };
import webEs from './web/es.json' with { type: 'json' };
import webAr from './web/ar.json' with { type: 'json' };
import webPl from './web/pl.json' with { type: 'json' };
import webIt from './web/it.json' with { type: 'json' };
import reportsEn from './reports/en.json' with { type: 'json' };
import reportsDe from './reports/de.json' with { type: 'json' };
import reportsFr from './reports/fr.json' with { type: 'json' };
import reportsEs from './reports/es.json' with { type: 'json' };
import reportsAr from './reports/ar.json' with { type: 'json' };
import reportsPl from './reports/pl.json' with { type: 'json' };
import reportsIt from './reports/it.json' with { type: 'json' };

/** Nested texts in i18next's JSON v4 format: `{{var}}` interpolation, `_one`/`_few`/… plural keys. */
export interface Catalogue {
  readonly [key: string]: string | Catalogue;
}

export const namespaces = ['phone', 'mail', 'web', 'reports'] as const;
/**
 * Which surface a catalogue serves: phone screens, e-mails, the web portal, or the report engine's own words
 * (the filter in words, column headings and titles of exports, whichever door asked for them).
 */
export type Namespace = (typeof namespaces)[number];

/** Every catalogue, by namespace and language: one set of texts per language, one namespace per surface. */
export const catalogues: Readonly<Record<Namespace, Readonly<Record<Language, Catalogue>>>> = {
  phone: { en: phoneEn, de: phoneDe, fr: phoneFr, es: phoneEs, ar: phoneAr, pl: phonePl, it: phoneIt },
  mail: { en: mailEn, de: mailDe, fr: mailFr, es: mailEs, ar: mailAr, pl: mailPl, it: mailIt },
  web: { en: webEn, de: webDe, fr: webFr, es: webEs, ar: webAr, pl: webPl, it: webIt },
  reports: {
    en: reportsEn,
    de: reportsDe,
    fr: reportsFr,
    es: reportsEs,
    ar: reportsAr,
    pl: reportsPl,
    it: reportsIt,
  },
};
