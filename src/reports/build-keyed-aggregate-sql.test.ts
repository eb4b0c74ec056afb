import { describe, expect, it } from 'vitest';
import { canAggregateByKey } from './build-keyed-aggregate-sql.js';
import { parseReportOptions, type ReportOptionsInput } from './report-options-schema.js';

const can = (input: ReportOptionsInput, scope = {}, dialect = 'sqlite') =>
  canAggregateByKey(parseReportOptions({ kind: 'summary', ...input }), scope, dialect);

describe('canAggregateByKey', () => {
  it('reads cost by department or cost centre key by key on SQLite when every filter is in the covering index', () => {
    expect(
      can({
        groupBy: 'department',
        traffic: 'external',
        directions: ['outgoing'],
        answered: true,
        duration: [{ op: 'gt', value: 0 }],
        cost: [{ op: 'ge', value: 1 }],
      }),
    ).toBe(true);
    expect(can({ groupBy: 'department', departments: ['Sales'] }, { departments: ['Sales'] })).toBe(true);
    expect(can({ groupBy: 'costCentre', costCentres: ['CC-1'] })).toBe(true);
  });

  it('leaves other keys, other filters, other scopes and PostgreSQL to the general query', () => {
    expect(can({ groupBy: 'extension' })).toBe(false);
    expect(can({ groupBy: 'department' }, {}, 'postgres')).toBe(false);
    for (const filter of [
      { extensions: ['211'] },
      { nations: ['IT'] },
      { number: { match: 'equals' as const, value: '06' } },
      { conditions: [{ field: 'duration' as const, op: 'ge' as const, value: 0 }] },
    ]) {
      expect(can({ groupBy: 'department', ...filter })).toBe(false);
    }
    expect(can({ groupBy: 'department', costCentres: ['CC-1'] })).toBe(false);
    expect(can({ groupBy: 'costCentre' }, { departments: ['Sales'] })).toBe(false);
    expect(can({ groupBy: 'department' }, { username: 'alice' })).toBe(false);
  });
});
