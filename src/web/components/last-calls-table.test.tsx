import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { CallPage, ReportRow } from '../../reports/index.js';
import { context } from '../testing/page-test-context.js';
import { LastCallsTable } from './last-calls-table.js';

const at = Date.UTC(2024, 5, 14, 13, 5) / 1000;

function callRow(n: number): ReportRow {
  const kind = n % 3;
  return {
    direction: ['outgoing', 'incoming', 'internal'][kind]!,
    answered: true,
    extension: '30001',
    userName: 'Ann Rossi',
    number: kind === 2 ? '30002' : `06123${n % 10}***`,
    startedAt: at - n * 60,
    duration: 65,
    cost: kind === 0 ? 125 : null,
    gateway: kind === 2 ? null : 'GW1',
    __currency: 'EUR',
  };
}

function pageOf(count: number): CallPage {
  return {
    timeZone: 'UTC',
    period: { from: 0, to: at + 1 },
    filter: [],
    language: 'en',
    columns: [],
    rows: Array.from({ length: count }, (_, n) => callRow(n)),
    page: 1,
    pageSize: count,
    hasMore: false,
    first: null,
    last: null,
  };
}

describe('LastCallsTable', () => {
  it("names each call's type, the report of its number and an internal call's gateway in the viewer's language", () => {
    const en = renderToString(<LastCallsTable ctx={context('en')} page={pageOf(3)} caption="Last calls" />);
    expect(en).toContain('aria-label="Outgoing call" title="Outgoing call"');
    expect(en).toContain('title="All my calls to or from 061230***"');
    expect(en).toContain('<path d="M5 19 17 7m0 9V7H8" fill="none" stroke="currentColor"');
    const ar = renderToString(<LastCallsTable ctx={context('ar')} page={pageOf(3)} caption="Last calls" />);
    expect(ar).toContain('title="كل مكالماتي من الرقم 061231*** أو إليه"');
    expect(ar).not.toContain('Outgoing call');
  });

  it('translates the texts every row repeats once per list: 200 rows ask no more translations than 3', () => {
    const asked = (count: number) => {
      const ctx = context('en');
      let n = 0;
      const t = ctx.t;
      const counted: typeof t = (...args: Parameters<typeof t>) => ((n += 1), t(...args));
      renderToString(<LastCallsTable ctx={{ ...ctx, t: counted }} page={pageOf(count)} caption="Last calls" />);
      return n;
    };
    expect(asked(200)).toBe(asked(3));
  });
});
