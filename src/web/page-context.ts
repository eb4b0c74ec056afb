import type { Viewer } from '../viewer/index.js';

export type { Translate } from '../i18n/index.js';
import type { Language, Translate } from '../i18n/index.js';

/** Locale-aware formatting in the viewer's language and time zone. */
export interface Formats {
  dateTime(at: Date): string;
  date(at: Date): string;
  /**
   * A day of the budget calendar (periods start and end at its midnights) in the calendar's time zone,
   * so a monthly period reads 1–31 December whatever the viewer's zone.
   */
  calendarDate(at: Date): string;
  time(at: Date): string;
  /** Whole seconds as a clock reading, 1:02:05 (the guide's call lists). */
  duration(seconds: number): string;
  number(value: number): string;
  money(minor: number, currency: string): string;
}

/** The asset URLs (hashed names) a page links. */
export interface AssetUrls {
  css: string;
  js: string;
  htmx: string;
}

/** What every page is rendered with: who asks, in which language, and the session's CSRF token. */
export interface PageContext {
  viewer: Viewer | null;
  lang: Language;
  dir: 'ltr' | 'rtl';
  t: Translate;
  format: Formats;
  /** The session's synchronizer token; null before sign-in. */
  csrf: string | null;
  assets: AssetUrls;
  /** The path asked for, to mark the current navigation entry. */
  path: string;
}
