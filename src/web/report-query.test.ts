import { describe, expect, it } from 'vitest';
import { builtinReports, parseReportOptions } from '../reports/index.js';
import { optionsFromQuery, queryOf } from './report-query.js';

const fromQuery = (q: URLSearchParams) => {
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(q.keys())) input[key] = q.getAll(key).length > 1 ? q.getAll(key) : (q.get(key) as string);
  return optionsFromQuery(input);
};

describe('report options as a query string', () => {
  it.each(builtinReports.map((b) => [b.name, b]))('gives back the options of the built-in report %s', (_name, b) => {
    const options = parseReportOptions(b.options);
    expect(fromQuery(queryOf(options))).toEqual(options);
  });

  it(
    'keeps every filter the engine has: lists, call type, international, number, comparisons, ' +
      'AND/OR restrictions, fields, sort',
    () => {
      const options = parseReportOptions({
        kind: 'calls',
        timeZone: 'Asia/Dubai',
        period: { from: '2026-11-01', to: '2026-11-30' },
        traffic: 'external',
        directions: ['outgoing', 'incoming'],
        answered: false,
        extensions: ['2001', '2002'],
        users: ['ann'],
        departments: ['Sales'],
        costCentres: ['CC100'],
        gateways: ['GW1'],
        carriers: ['TIM'],
        destinationTypes: ['mobile'],
        nations: ['fr'],
        international: true,
        number: { match: 'startsWith', value: '0039' },
        duration: [{ op: 'ge', value: 60 }],
        cost: [{ op: 'lt', value: 500 }],
        conditions: [
          { field: 'gateway', op: 'eq', value: 'GW1' },
          { join: 'or', field: 'duration', op: 'gt', value: 120 },
          { join: 'and', field: 'answered', op: 'eq', value: 'true' },
        ],
        fields: ['startedAt', 'number', 'cost'],
        sort: [{ field: 'cost', descending: true }],
        maxRows: 500,
        totals: true,
      });
      expect(fromQuery(queryOf(options))).toEqual(options);
    },
  );

  it('ignores empty restriction rows and the options another kind of report has no use for', () => {
    const options = optionsFromQuery({
      kind: 'calls',
      groupBy: 'nation',
      interval: 'day',
      cj: ['and', 'or'],
      cf: ['gateway', ''],
      co: ['eq', 'eq'],
      cv: ['GW1', ''],
    });
    expect(options.groupBy).toBeUndefined();
    expect(options.interval).toBeUndefined();
    expect(options.conditions).toEqual([{ join: 'and', field: 'gateway', op: 'eq', value: 'GW1' }]);
  });

  it("refuses an unknown field with the engine's message", () => {
    expect(() => optionsFromQuery({ kind: 'calls', field: 'password' })).toThrow(/fields/);
  });
});
