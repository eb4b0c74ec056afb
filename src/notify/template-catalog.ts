import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadInputError } from '../errors/index.js';
import { fillTemplate, parseTemplate, type Template } from './render-template.js';

export const noticeLanguages = ['en', 'it', 'de', 'fr', 'es'] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

/** What a template may use; every notice is given all of them. */
export const noticePlaceholders = ['recipient', 'user', 'budget', 'period', 'spent', 'remaining', 'amount', 'percent', 'until'] as const;

export interface TemplateCatalog {
  /** The template in a language, falling back to English where a language lacks it. */
  render(name: string, language: string, values: Record<string, string>): { subject: string; body: string };
  names(): string[];
}

/**
 * The built-in templates live beside this file in src/; a build in dist/ finds
 * them in the package's src/ folder, which ships with it.
 */
export function builtInTemplatesDir(): string {
  const candidates = [new URL('./templates/', import.meta.url), new URL('../../../src/notify/templates/', import.meta.url)];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(join(dir, 'en'))) return dir;
  }
  throw new Error('built-in notice templates not found');
}

/**
 * Loads every <language>/<name>.txt of the built-in folder, then of `customDir`
 * (if given) over them, so an administrator overrides only what they change.
 * A bad template is refused with its file and reason.
 */
export function loadTemplateCatalog(customDir = ''): TemplateCatalog {
  const root = builtInTemplatesDir();
  const templates = new Map<string, Template>();
  for (const dir of customDir === '' ? [root] : [root, customDir]) {
    if (!existsSync(dir)) throw new BadInputError(`notice templates folder ${dir} does not exist`);
    for (const language of noticeLanguages) {
      const folder = join(dir, language);
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt'))) {
        const name = file.slice(0, -'.txt'.length);
        templates.set(`${language}/${name}`, parseTemplate(name, language, readFileSync(join(folder, file), 'utf8'), noticePlaceholders));
      }
    }
  }
  if (![...templates.keys()].some((k) => k.startsWith('en/'))) throw new BadInputError(`no English templates in ${join(root, 'en')}`);
  return {
    render(name, language, values) {
      const template = templates.get(`${language}/${name}`) ?? templates.get(`en/${name}`);
      if (!template) throw new BadInputError(`no notice template "${name}" in ${root}`);
      return fillTemplate(template, values);
    },
    names: () => [...new Set([...templates.values()].map((t) => t.name))].sort(),
  };
}
