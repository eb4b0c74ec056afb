import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors/index.js';
import { languages, resolveLanguage, translator } from '../i18n/index.js';
import { fillTemplate, parseTemplate, type Template } from './render-template.js';

/** What a template may use; every notice is given all of them. */
export const noticePlaceholders = [
  'recipient',
  'user',
  'budget',
  'period',
  'spent',
  'remaining',
  'amount',
  'percent',
  'until',
] as const;

/** The notices, by file name (as a custom template folder names them), with their keys in the mail catalogue. */
const builtIn = {
  'budget-threshold': { subject: 'budgetThreshold.subject', body: 'budgetThreshold.body' },
  'budget-spent': { subject: 'budgetSpent.subject', body: 'budgetSpent.body' },
  'budget-locked': { subject: 'budgetLocked.subject', body: 'budgetLocked.body' },
} as const;
type NoticeName = keyof typeof builtIn;
const isNoticeName = (name: string): name is NoticeName => Object.hasOwn(builtIn, name);

export interface TemplateCatalog {
  /**
   * A notice in the reader's language (a directory language such as 'pl'; an
   * unknown one reads English): an administrator's template if there is one
   * for that language, else the built-in text of the mail catalogue.
   */
  render(name: string, language: string, values: Record<string, string>): { subject: string; body: string };
  names(): string[];
}

/**
 * The built-in notices come from the shared message catalogue (namespace
 * `mail`). `customDir`, if given, holds an administrator's <language>/<name>.txt
 * files that override the built-in text of that language only. A bad template
 * is refused with its file and reason.
 */
export function loadTemplateCatalog(customDir = ''): TemplateCatalog {
  const custom = new Map<string, Template>();
  if (customDir !== '') {
    if (!existsSync(customDir)) throw new BadInputError(`notice templates folder ${customDir} does not exist`);
    for (const language of languages) {
      const folder = join(customDir, language);
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt'))) {
        const name = file.slice(0, -'.txt'.length);
        if (!isNoticeName(name)) {
          const known = Object.keys(builtIn).join(', ');
          throw new BadInputError(`template ${language}/${file}: no notice is called "${name}" (known: ${known})`);
        }
        const text = readFileSync(join(folder, file), 'utf8');
        custom.set(`${language}/${name}`, parseTemplate(name, language, text, noticePlaceholders));
      }
    }
  }
  return {
    render(name, language, values) {
      if (!isNoticeName(name)) throw new BadInputError(`no notice template "${name}"`);
      const lang = resolveLanguage(language, 'en');
      const own = custom.get(`${lang}/${name}`);
      if (own) return fillTemplate(own, values);
      const t = translator(lang, 'mail');
      const keys = builtIn[name];
      return { subject: t(keys.subject, values).replace(/[\r\n]+/g, ' '), body: t(keys.body, values) };
    },
    names: () => Object.keys(builtIn).sort(),
  };
}
