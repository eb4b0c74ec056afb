import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../i18n/index.js';
import { builtinReports, encodeCallCursor, parseReportOptions, type SavedReport } from '../../reports/index.js';
import { queryOf } from '../report-query.js';
import { context } from '../testing/page-test-context.js';
import { ReportRunPage } from './report-run-page.js';
import { ReportsCataloguePage } from './reports-catalogue-page.js';

const options = parseReportOptions({
  kind: 'calls',
  period: { from: '2026-11-01', to: '2026-11-30' },
  fields: ['startedAt', 'number', 'cost'],
  totals: true,
});
const view = {
  filter: ['Calls from 2026-11-01 00:00 to 2026-12-01 00:00, time zone Europe/Rome', 'Limited to the calls of ann'],
  timeZone: 'Europe/Rome',
  columns: [
    { key: 'startedAt', label: 'Start', type: 'instant' as const },
    { key: 'number', label: 'Number', type: 'text' as const },
    { key: 'cost', label: 'Cost', type: 'money' as const },
  ],
  rows: [{ startedAt: 1794812879, number: '+39333987****', cost: 75, __currency: 'EUR' }],
  totals: [{ calls: 1, duration: 60, cost: 75, currency: 'EUR', __currency: 'EUR' }],
  page: 1,
  pageSize: 50,
  hasMore: true,
  notes: [],
  totalsPending: false,
  first: { keys: [1794812879], id: 42 },
  last: { keys: [1794812879], id: 42 },
};
const run = (lang: Language) =>
  renderToString(
    <ReportRunPage
      ctx={context(lang)}
      props={{
        heading: 'Mine',
        options,
        view,
        query: queryOf(options).toString(),
        mailTo: 'ann@example.com',
        optionsOpen: false,
      }}
    />,
  );

describe('the report run page', () => {
  it('shows the filters in words, a totals footer, exports and the next page carrying the whole report', () => {
    const html = run('en');
    expect(html).toContain('<li>Limited to the calls of ann</li>');
    expect(html).toContain('Total, 1 call');
    const query = queryOf(options).toString().replace(/&/g, '&amp;');
    expect(html).toContain(`href="/reports/interactive/export.xlsx?${query}"`);
    const after = encodeCallCursor({ keys: [1794812879], id: 42 });
    expect(html).toContain(`href="/reports/interactive/run?${query}&amp;page=2&amp;after=${after}"`);
    expect(html.match(/name="_csrf" value="token-123"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('value="ann@example.com"');
  });

  it('keeps phone numbers left to right on an Arabic page, and formats money in the row currency', () => {
    const html = run('ar');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<bdi dir="ltr">+39333987****</bdi>');
    expect(html).toMatch(/0[.,٫]75/);
  });
});

describe('the reports catalogue', () => {
  const builtin = (name: string): SavedReport => {
    const b = builtinReports.find((r) => r.name === name)!;
    return {
      id: null,
      name,
      description: b.description,
      category: b.category,
      visibility: 'builtin',
      owner: null,
      options: parseReportOptions(b.options),
      updatedAt: null,
    };
  };
  const mine: SavedReport = {
    id: 7,
    name: 'Mes appels',
    description: 'à moi',
    category: 'Perso',
    visibility: 'personal',
    owner: 'ann',
    options,
    updatedAt: 1,
  };

  it(
    "lists public reports by category in the viewer's language with a lazy preview, and personal " +
      'reports with Remove',
    () => {
      const html = renderToString(
        <ReportsCataloguePage
          ctx={context('pl')}
          props={{ reports: [builtin('phone-bill'), builtin('cost-by-day'), mine] }}
        />,
      );
      expect(html).toContain('Analiza kosztów');
      expect(html).toContain('Rachunek telefoniczny');
      expect(html).toContain('hx-get="/reports/interactive/preview?report=phone-bill"');
      expect(html).toContain('href="/reports/interactive/saved/7"');
      expect(html).toContain('action="/reports/interactive/saved/7/remove"');
      expect(html.match(/\/remove"/g)).toHaveLength(1);
    },
  );
});
