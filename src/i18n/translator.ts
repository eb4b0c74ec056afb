import i18next, { type Resource } from 'i18next';
import { catalogues, namespaces, type Namespace } from './catalogues/index.js';
import { languages, type Language } from './languages.js';

/** A translate function for one language and namespace: t('key.path', { count, name, ... }). */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

const resources: Resource = Object.fromEntries(
  languages.map((lang) => [lang, Object.fromEntries(namespaces.map((ns) => [ns, catalogues[ns][lang]]))]),
);

const reported = new Set<string>();
const made = new Map<string, Translate>();

// One instance over fixed, built-in texts: like a constant table, it holds no
// state that differs between callers. Loaded synchronously at module load.
const engine = i18next.createInstance();
void engine.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...languages],
  ns: [...namespaces],
  defaultNS: false,
  initAsync: false,
  nsSeparator: false,
  keySeparator: '.',
  returnNull: false,
  returnEmptyString: false,
  // Each surface escapes for its own format (JSX, Cisco XML); e-mails are plain text.
  interpolation: { escapeValue: false },
});

function reportMissing(lang: Language, ns: Namespace, key: string): void {
  const id = `${lang}:${ns}:${key}`;
  if (reported.has(id)) return;
  reported.add(id);
  process.emitWarning(`text "${ns}:${key}" is missing in ${lang}; shown in English`, { code: 'TOLLGATE_MISSING_TEXT' });
}

/**
 * Texts of one surface in one language. A key missing in that language shows
 * the English text (and warns once); plural keys pick the form for `count`
 * by the language's rules (`_zero`, `_one`, `_two`, `_few`, `_many`, `_other`).
 */
export function translator(lang: Language, ns: Namespace): Translate {
  const id = `${lang}:${ns}`;
  let translate = made.get(id);
  if (!translate) {
    const t = engine.getFixedT(lang, ns);
    // Keys looked up without a count are checked once (a page asks for the same texts hundreds of times).
    const present = new Set<string>();
    translate = (key, vars) => {
      const plural = vars !== undefined && 'count' in vars;
      if (plural || !present.has(key)) {
        if (!engine.exists(key, { ...vars, lng: lang, ns, fallbackLng: false })) reportMissing(lang, ns, key);
        else if (!plural) present.add(key);
      }
      return String(t(key, vars ?? {}));
    };
    made.set(id, translate);
  }
  return translate;
}
