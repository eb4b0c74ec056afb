/**
 * Languages: one message catalogue per language, shared by the web portal,
 * the phone screens, the e-mails and the report engine's words (a namespace per surface), and Intl
 * formatting of dates, numbers, money and durations in the viewer's language
 * and time zone. Texts are returned unescaped: each surface escapes for its format.
 */
export { languages, isLanguage, resolveLanguage, textDirection, intlLocale, type Language } from './languages.js';
export { namespaces, catalogues, type Namespace, type Catalogue } from './catalogues/index.js';
export { translator, type Translate } from './translator.js';
export { formatDateTime } from './format-date-time.js';
export { formatNumber, formatMoney, formatDuration } from './format-number.js';
/** One Intl formatter per key, made once (making one costs far more than formatting with it). */
export { cachedFormat } from './intl-cache.js';
