import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/harness/index.js';
import { languages } from '../i18n/index.js';
import { fillTemplate, loadTemplateCatalog, noticePlaceholders, parseTemplate } from './index.js';

const values = Object.fromEntries(noticePlaceholders.map((p) => [p, `<${p.toUpperCase()}>`]));

describe('notice templates', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  const catalog = loadTemplateCatalog();

  it.each(
    languages.flatMap((language) =>
      ['budget-threshold', 'budget-spent', 'budget-locked'].map((name) => ({ language, name })),
    ),
  )(
    'the built-in $language/$name template fills user, budget, period, spent and remaining, and ' +
      'uses no other placeholder',
    ({ language, name }) => {
      const { subject, body } = catalog.render(name, language, values);
      expect(subject).toContain('<BUDGET>');
      for (const key of ['USER', 'BUDGET', 'PERIOD', 'SPENT', 'REMAINING', 'RECIPIENT'])
        expect(body).toContain(`<${key}>`);
      expect(`${subject}\n${body}`).not.toMatch(/\{\{|\}\}/);
    },
  );

  it('the languages really differ (a template was not just copied)', () => {
    const subjects = languages.map((l) => catalog.render('budget-spent', l, values).subject);
    expect(new Set(subjects).size).toBe(languages.length);
  });

  it('falls back to English for a language without the template', () => {
    expect(catalog.render('budget-spent', 'pt', values)).toEqual(catalog.render('budget-spent', 'en', values));
  });

  it('refuses a template with an unknown placeholder, naming it', () => {
    expect(() => parseTemplate('x', 'en', 'Subject: Hi {{budjet}}\nbody', noticePlaceholders)).toThrow(
      /unknown placeholder \{\{budjet\}\}/,
    );
  });

  it('refuses a template whose first line is not a subject', () => {
    expect(() => parseTemplate('x', 'en', 'Hello {{user}}\nbody', noticePlaceholders)).toThrow(/Subject:/);
  });

  it('keeps a subject on one line even if a value holds a newline', () => {
    const t = parseTemplate('x', 'en', 'Subject: Budget {{budget}}\r\nBody {{user}}\r\n', noticePlaceholders);
    expect(fillTemplate(t, { budget: 'Sales\r\nBcc: x@example.com', user: 'Ann' })).toEqual({
      subject: 'Budget Sales Bcc: x@example.com',
      body: 'Body Ann\n',
    });
  });

  it("an administrator's folder overrides only the templates it holds", () => {
    mkdirSync(join(temp.path, 'it'), { recursive: true });
    writeFileSync(
      join(temp.path, 'it', 'budget-spent.txt'),
      'Subject: Finito: {{budget}}\nCiao {{recipient}}, hai speso {{spent}}.\n',
    );
    const custom = loadTemplateCatalog(temp.path);
    expect(custom.render('budget-spent', 'it', values)).toEqual({
      subject: 'Finito: <BUDGET>',
      body: 'Ciao <RECIPIENT>, hai speso <SPENT>.\n',
    });
    expect(custom.render('budget-threshold', 'it', values)).toEqual(catalog.render('budget-threshold', 'it', values));
  });

  it('writes Arabic and Polish notices from the shared catalogue', () => {
    expect(catalog.render('budget-spent', 'ar', values).subject).toBe('نفدت الميزانية «<BUDGET>» عن <PERIOD>');
    expect(catalog.render('budget-threshold', 'pl', values).body).toMatch(
      /^Dzień dobry <RECIPIENT>,\n\nbudżet na połączenia „<BUDGET>”/,
    );
  });

  it("refuses an administrator's template for a notice that does not exist, naming the file", () => {
    mkdirSync(join(temp.path, 'typo', 'de'), { recursive: true });
    writeFileSync(join(temp.path, 'typo', 'de', 'budget-spend.txt'), 'Subject: {{budget}}\nHallo\n');
    expect(() => loadTemplateCatalog(join(temp.path, 'typo'))).toThrow(
      /de\/budget-spend\.txt: no notice is called "budget-spend"/,
    );
  });

  it('refuses a custom folder that does not exist', () => {
    expect(() => loadTemplateCatalog(join(temp.path, 'missing'))).toThrow(/does not exist/);
  });
});
