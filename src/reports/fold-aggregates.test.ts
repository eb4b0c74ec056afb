import { describe, expect, it } from 'vitest';
import type { AggregateRow } from './build-aggregate-sql.js';
import { foldAggregates, rankGroups, totalsOf } from './fold-aggregates.js';

const row = (
  groupKey: string | null,
  currency: string | null,
  calls: number,
  costMinor: number,
  ratedCalls: number,
): AggregateRow => ({
  groupKey,
  lookupLabel: null,
  currency,
  currencyMax: currency,
  calls,
  answered: String(calls),
  durationSeconds: String(calls * 10),
  costMinor: String(costMinor),
  ratedCalls,
  ringSeconds: String(calls * 2),
  external: 1,
});

describe('foldAggregates', () => {
  it("folds unrated calls into the group's only currency", () => {
    const [group] = foldAggregates([row('Sales', 'EUR', 3, 300, 3), row('Sales', null, 2, 0, 0)]);
    expect(group).toEqual({
      key: 'Sales',
      label: 'Sales',
      external: true,
      currency: 'EUR',
      calls: 5,
      answered: 5,
      unanswered: 0,
      durationSeconds: 50,
      ringSeconds: 10,
      costMinor: 300,
      ratedCalls: 3,
      averageCostMinor: 100,
    });
  });

  it('never adds costs in different currencies: one row per currency, unrated calls apart', () => {
    const groups = foldAggregates([
      row('Sales', 'EUR', 1, 100, 1),
      row('Sales', 'GBP', 2, 90, 2),
      row('Sales', null, 1, 0, 0),
    ]);
    expect(groups.map((g) => [g.currency, g.calls, g.costMinor])).toEqual([
      [null, 1, 0],
      ['EUR', 1, 100],
      ['GBP', 2, 90],
    ]);
    expect(totalsOf(groups).map((t) => [t.currency, t.calls, t.costMinor])).toEqual([
      [null, 1, 0],
      ['EUR', 1, 100],
      ['GBP', 2, 90],
    ]);
  });

  it('names a group without a value (none) and ranks by the chosen measure, then by name', () => {
    const groups = foldAggregates([row(null, 'EUR', 5, 10, 5), row('B', 'EUR', 1, 50, 1), row('A', 'EUR', 1, 50, 1)]);
    expect(rankGroups(groups, 'cost').map((g) => g.label)).toEqual(['A', 'B', '(none)']);
    expect(rankGroups(groups, 'calls', 1).map((g) => g.label)).toEqual(['(none)']);
  });
});
