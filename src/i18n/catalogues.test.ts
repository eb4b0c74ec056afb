import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogues, languages, namespaces, type Catalogue, type Language, type Namespace } from './index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** Where each surface's code lives: a key is used when its path is a string literal there. */
const surfaceFolders: Record<Namespace, string[]> = {
  phone: ['phone-services'],
  mail: ['src/notify', 'src/budgets', 'src/scheduled-reports', 'src/alarms'],
  web: ['src/web'],
  reports: ['src/reports'],
};

function flatten(catalogue: Catalogue, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null) for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/** Base paths of a catalogue: plural keys count once, without their suffix. */
function basePaths(catalogue: Catalogue): Map<string, { plural: boolean }> {
  const out = new Map<string, { plural: boolean }>();
  for (const key of flatten(catalogue).keys())
    out.set(key.replace(pluralSuffix, ''), { plural: pluralSuffix.test(key) });
  return out;
}

function requiredKeys(lang: Language, english: Catalogue): string[] {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  return [...basePaths(english)].flatMap(([base, { plural }]) =>
    plural ? categories.map((c) => `${base}_${c}`) : [base],
  );
}

const variables = (text: unknown) => new Set([...String(text).matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]));

function sourceFiles(folder: string): string[] {
  const root = join(repoRoot, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => join(root, f))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && statSync(f).isFile());
}

describe.each(namespaces)('the %s catalogue', (ns) => {
  const english = catalogues[ns].en;

  it.each(languages)(
    'has in %s every key of English, with the plural forms the language needs, and no other',
    (lang) => {
      const have = new Set(flatten(catalogues[ns][lang]).keys());
      const needed = requiredKeys(lang, english);
      expect({
        missing: needed.filter((k) => !have.has(k)),
        extra: [...have].filter((k) => !needed.includes(k)),
      }).toEqual({ missing: [], extra: [] });
    },
  );

  it.each(languages)('uses in %s only non-empty texts with the placeholders English uses', (lang) => {
    const englishTexts = flatten(english);
    const problems: string[] = [];
    for (const [key, text] of flatten(catalogues[ns][lang])) {
      if (typeof text !== 'string' || text.trim() === '') problems.push(`${key}: empty or not a text`);
      const base = key.replace(pluralSuffix, '');
      const allowed = new Set(
        [...englishTexts].filter(([k]) => k.replace(pluralSuffix, '') === base).flatMap(([, t]) => [...variables(t)]),
      );
      if (base !== key) allowed.add('count');
      const unknown = [...variables(text)].filter((v) => !allowed.has(v));
      if (unknown.length > 0) problems.push(`${key}: unknown {{${unknown.join('}}, {{')}}}`);
      if (base === key && variables(englishTexts.get(key)).size !== variables(text).size)
        problems.push(`${key}: placeholders differ from English`);
    }
    expect(problems).toEqual([]);
  });

  it('has no key that the code of its surface never uses', () => {
    const source = surfaceFolders[ns]
      .flatMap(sourceFiles)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = [...basePaths(english).keys()].filter(
      (base) => !["'", '"', '`'].some((q) => source.includes(`${q}${base}${q}`)),
    );
    expect(
      unused,
      `unused in ${surfaceFolders[ns].map((f) => relative(repoRoot, join(repoRoot, f))).join(', ')}`,
    ).toEqual([]);
  });
});
