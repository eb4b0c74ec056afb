import { describe, expect, it } from 'vitest';
import type { CallDirection, StoredCallSummary } from '../events/index.js';
import { periodContaining } from './budget-period.js';
import type { Budget } from './budget-types.js';
import { createSpendTracker, spentOf, type SubjectSpend } from './spend-tracker.js';

const calendar = { timeZone: 'UTC', weekStartsOn: 0 };
const march = periodContaining(new Date('2026-03-10T00:00:00Z'), 'month', calendar);
const budget: Budget = {
  id: 1,
  name: 'B',
  scope: 'user',
  scopeId: 7,
  sharing: 'single',
  period: 'month',
  amountMinor: 1000,
  currency: 'EUR',
  rollover: false,
  rolloverCapMinor: null,
  denyWhenSpent: true,
  thresholds: [],
  excludedUserIds: [],
  createdAt: new Date(0),
  createdBy: 't',
  updatedAt: new Date(0),
  revision: 1,
  removedAt: null,
};
const state = (over: Partial<SubjectSpend> = {}): SubjectSpend => ({
  budgetId: 1,
  subject: 0,
  periodId: 10,
  period: march,
  baseMinor: 1000,
  carriedInMinor: 0,
  creditMinor: 0,
  dbSpentMinor: 0,
  watermark: 0,
  recentIds: [],
  recentCosts: [],
  recentMinor: 0,
  fired: new Set(),
  exhausted: false,
  ...over,
});
const call = (id: number, costMinor: number, at = '2026-03-10T10:00:00Z', ownerUserId = 7): StoredCallSummary => ({
  id,
  startedAt: new Date(at),
  direction: 'outgoing',
  answered: true,
  ownerLineId: 1,
  ownerUserId,
  departmentId: null,
  costCentreId: null,
  destinationType: 'mobile',
  costMinor,
  currency: 'EUR',
});

function tracker() {
  const t = createSpendTracker({ directions: new Set<CallDirection>(['outgoing']), destinationTypes: null });
  t.setBudget(budget);
  return t;
}

describe('the in-memory spend tracker', () => {
  it('adds each announced call of the current period once, even if announced twice', () => {
    const t = tracker();
    const s = state();
    t.setSubject(s);
    expect(t.apply([call(1, 100), call(2, 250)]).touched).toEqual([s]);
    t.apply([call(2, 250)]);
    expect(spentOf(s)).toBe(350);
  });

  it('ignores calls already in the summed figure (id at or below the watermark)', () => {
    const t = tracker();
    const s = state({ dbSpentMinor: 500, watermark: 20 });
    t.setSubject(s);
    expect(t.apply([call(20, 100), call(21, 50)]).touched).toHaveLength(1);
    expect(spentOf(s)).toBe(550);
  });

  it('after a reconcile, keeps only the announced calls newer than the new watermark', () => {
    const t = tracker();
    const s = state();
    t.setSubject(s);
    t.apply([call(1, 100), call(5, 200)]);
    t.reconciled(s, 100, 3);
    expect(spentOf(s)).toBe(300);
    expect(s.recentIds).toEqual([5]);
  });

  it('reports calls from a closed period as late, and leaves calls after the period to the renewal', () => {
    const t = tracker();
    const s = state();
    t.setSubject(s);
    const result = t.apply([call(1, 100, '2026-02-28T23:59:59Z'), call(2, 100, '2026-04-01T00:00:00Z')]);
    expect(result.late).toEqual([{ budgetId: 1, subject: 0, startedAt: new Date('2026-02-28T23:59:59Z') }]);
    expect(result.touched).toEqual([]);
    expect(spentOf(s)).toBe(0);
  });

  it('reports a member it does not follow yet, and ignores calls of other users', () => {
    const t = tracker();
    expect(t.apply([call(1, 100)]).unknown).toEqual([{ budgetId: 1, subject: 0 }]);
    expect(t.apply([call(2, 100, '2026-03-10T10:00:00Z', 99)])).toEqual({ touched: [], late: [], unknown: [] });
  });

  it('stops following a removed budget', () => {
    const t = tracker();
    t.setSubject(state());
    t.removeBudget(1);
    expect(t.apply([call(1, 100)])).toEqual({ touched: [], late: [], unknown: [] });
  });
});
