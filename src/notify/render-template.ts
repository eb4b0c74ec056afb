import { BadInputError } from '../errors/index.js';

/** A notice template: a subject line and a plain-text body with {{placeholders}}. */
export interface Template {
  name: string;
  language: string;
  subject: string;
  body: string;
}

const placeholder = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Reads a template file's text: the first line is `Subject: …`, the rest is the
 * body. Placeholders outside `allowed` are refused, so a typo in a customised
 * template is reported when Tollgate starts, not when a budget is spent.
 */
export function parseTemplate(name: string, language: string, text: string, allowed: readonly string[]): Template {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const newline = normalised.indexOf('\n');
  const first = newline < 0 ? normalised : normalised.slice(0, newline);
  const m = /^Subject:\s*(.+)$/i.exec(first);
  if (!m?.[1]) throw new BadInputError(`template ${language}/${name}: the first line must be "Subject: …"`);
  const body = newline < 0 ? '' : normalised.slice(newline + 1).replace(/^\n+/, '');
  for (const part of [m[1], body]) {
    for (const [, key] of part.matchAll(placeholder)) {
      if (key && !allowed.includes(key)) {
        throw new BadInputError(
          `template ${language}/${name}: unknown placeholder {{${key}}} (known: ${allowed.join(', ')})`,
        );
      }
    }
  }
  return { name, language, subject: m[1].trim(), body };
}

/** Fills the placeholders; the subject is kept to one line whatever the values hold. */
export function fillTemplate(template: Template, values: Record<string, string>): { subject: string; body: string } {
  const fill = (text: string) => text.replace(placeholder, (_, key: string) => values[key] ?? '');
  return { subject: fill(template.subject).replace(/[\r\n]+/g, ' '), body: fill(template.body) };
}
