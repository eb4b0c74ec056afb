import { resolveLanguage, translator, type Language, type Translate } from '../i18n/index.js';
import { builtinTitleKeys } from './report-text-keys.js';

/**
 * The language a report's words are in: the viewer's (the web session's, or the recipient's a scheduled run
 * names), else English, as the CLI and SOAP speak.
 */
export function reportLanguage(viewer: { language?: string }): Language {
  return resolveLanguage(viewer.language, 'en');
}

/** The report engine's texts in one language (the 'reports' catalogue). */
export function reportTexts(lang: Language): Translate {
  return translator(lang, 'reports');
}

/**
 * A heading (a noun: "Cost centre") inside a sentence: lower-case first letter, except in German, where nouns
 * keep their capital.
 */
export function inSentence(heading: string, lang: Language): string {
  return lang === 'de' ? heading : heading.charAt(0).toLocaleLowerCase(lang) + heading.slice(1);
}

/** A built-in report's title in a language; undefined for any other name. */
export function builtinReportTitle(name: string, lang: Language): string | undefined {
  const key = builtinTitleKeys[name];
  return key ? reportTexts(lang)(key) : undefined;
}

/** A list of choices in words ("outgoing or transit"), as the language joins them. */
export function orList(items: string[], lang: Language): string {
  return new Intl.ListFormat(lang, { type: 'disjunction' }).format(items);
}

/** A list of conditions that all hold ("at least 20 s and less than 60 s"), as the language joins them. */
export function andList(items: string[], lang: Language): string {
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
}
