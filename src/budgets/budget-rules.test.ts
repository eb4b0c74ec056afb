import { describe, expect, it } from 'vitest';
import type { CallDirection } from '../events/index.js';
import {
  carryOver,
  isSpent,
  percentUsed,
  subjectOf,
  thresholdsToFire,
  type CountableCall,
  type CountingRules,
} from './budget-rules.js';
import type { Threshold } from './budget-types.js';

const rules: CountingRules = {
  directions: new Set<CallDirection>(['outgoing', 'transit']),
  destinationTypes: new Set(['mobile', 'fixed-national']),
};
const call = (over: Partial<CountableCall> = {}): CountableCall => ({
  direction: 'outgoing',
  ownerUserId: 7,
  departmentId: 3,
  costCentreId: 9,
  destinationType: 'mobile',
  costMinor: 120,
  currency: 'EUR',
  ...over,
});
const user = {
  scope: 'user' as const,
  scopeId: 7,
  sharing: 'single' as const,
  currency: 'EUR',
  excluded: new Set<number>(),
};
const pool = {
  scope: 'department' as const,
  scopeId: 3,
  sharing: 'pool' as const,
  currency: 'EUR',
  excluded: new Set([8]),
};
const perMember = { ...pool, sharing: 'per-member' as const };
const costCentre = {
  scope: 'cost-centre' as const,
  scopeId: 9,
  sharing: 'pool' as const,
  currency: 'EUR',
  excluded: new Set<number>(),
};

describe('which budget part a call counts against', () => {
  it.each([
    ['the user of a user budget', user, call(), 0],
    ['not another user', user, call({ ownerUserId: 8 }), null],
    ['a department pool, whoever made it there', pool, call({ ownerUserId: 12 }), 0],
    ['a department call with no known user', pool, call({ ownerUserId: null }), 0],
    ['not a member excluded from the pool', pool, call({ ownerUserId: 8 }), null],
    ['not another department', pool, call({ departmentId: 4 }), null],
    ['the member, in a per-member budget', perMember, call(), 7],
    ['nobody in a per-member budget when the user is unknown', perMember, call({ ownerUserId: null }), null],
    ['a cost-centre pool', costCentre, call({ departmentId: null }), 0],
    ['not an incoming call', user, call({ direction: 'incoming' }), null],
    ['a call forwarded out to the PSTN', user, call({ direction: 'transit' }), 0],
    ['not a destination type left out', user, call({ destinationType: 'toll-free' }), null],
    ['not a call with no destination type', user, call({ destinationType: null }), null],
    ['not an unrated call', user, call({ costMinor: null }), null],
    ['not a call in another currency', user, call({ currency: 'USD' }), null],
  ] as const)('%s', (_why, budget, c, expected) => {
    expect(subjectOf(budget, c, rules)).toBe(expected);
  });

  it('counts every destination type when none are listed', () => {
    expect(subjectOf(user, call({ destinationType: null }), { ...rules, destinationTypes: null })).toBe(0);
  });
});

describe('thresholds', () => {
  const t = (percent: number): Threshold => ({
    percent,
    notifyUser: true,
    notifyManager: false,
    notifyAdmins: false,
    notifyExtra: [],
    lockLines: false,
  });
  const list = [t(100), t(50), t(80)];

  it.each([
    [0, 1000, [], []],
    [499, 1000, [], []],
    [500, 1000, [], [50]],
    [799, 1000, [], [50]],
    [1000, 1000, [], [50, 80, 100]],
    [1000, 1000, [50, 80], [100]],
    [2500, 1000, [50, 80, 100], []],
    // 1/3 of 1 cent still reaches 80% only when 80 × allowance ≤ 100 × spent, exactly.
    [8, 10, [], [50, 80]],
    [0, 0, [], [50, 80, 100]],
  ])('spent %i of %i with %j fired → fires %j, lowest first', (spent, allowance, fired, expected) => {
    expect(thresholdsToFire(spent, allowance, list, new Set(fired)).map((x) => x.percent)).toEqual(expected);
  });

  it('an allowance is spent when spend reaches it, and an empty allowance is spent from the start', () => {
    expect([isSpent(999, 1000), isSpent(1000, 1000), isSpent(0, 0)]).toEqual([false, true, true]);
    expect([percentUsed(333, 1000), percentUsed(2000, 1000), percentUsed(0, 0)]).toEqual([33, 200, 100]);
  });
});

describe('rollover', () => {
  it.each([
    ['nothing without rollover', { rollover: false, rolloverCapMinor: null }, 1000, 200, 0],
    ['the whole residual without a cap', { rollover: true, rolloverCapMinor: null }, 1000, 200, 800],
    ['the cap when the residual is larger', { rollover: true, rolloverCapMinor: 500 }, 1000, 200, 500],
    ['the residual when smaller than the cap', { rollover: true, rolloverCapMinor: 500 }, 1000, 700, 300],
    ['nothing once overspent', { rollover: true, rolloverCapMinor: null }, 1000, 1300, 0],
  ])('carries %s', (_why, budget, allowance, spent, expected) => {
    expect(carryOver(budget, allowance, spent)).toBe(expected);
  });
});
