import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billedSeconds, toMinorUnits, toMinorUnitsBig } from './charge-arithmetic.js';

describe('billedSeconds', () => {
  const cases: Array<[duration: number, initial: number, subsequent: number, billed: number]> = [
    [0, 60, 60, 0],
    [1, 60, 60, 60],
    [59, 60, 60, 60],
    [60, 60, 60, 60],
    [61, 60, 60, 120],
    [120, 60, 60, 120],
    [121, 60, 60, 180],
    [1, 30, 6, 30],
    [30, 30, 6, 30],
    [31, 30, 6, 36],
    [36, 30, 6, 36],
    [37, 30, 6, 42],
    [1, 1, 1, 1],
    [61, 1, 1, 61],
    [1, 60, 1, 60],
    [61, 60, 1, 61],
    [3601, 60, 60, 3660],
  ];
  it.each(cases)('bills %i s at %i/%i as %i s', (duration, initial, subsequent, billed) => {
    expect(billedSeconds(duration, initial, subsequent)).toBe(billed);
  });

  it('never bills less than the duration, nor a whole subsequent increment more than needed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 1, max: 3600 }),
        (d, i, s) => {
          const b = billedSeconds(d, i, s);
          expect(b).toBeGreaterThanOrEqual(d);
          if (d > i) {
            expect((b - i) % s).toBe(0);
            expect(b - d).toBeLessThan(s);
          } else {
            expect(b).toBe(i);
          }
        },
      ),
    );
  });

  it(
    'bills a duration exactly on an increment boundary as itself, and one second more as a whole ' + 'increment more',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 3600 }),
          fc.integer({ min: 1, max: 3600 }),
          fc.integer({ min: 0, max: 500 }),
          (i, s, k) => {
            const boundary = i + k * s;
            expect(billedSeconds(boundary, i, s)).toBe(boundary);
            expect(billedSeconds(boundary + 1, i, s)).toBe(boundary + s);
          },
        ),
      );
    },
  );
});

describe('toMinorUnits', () => {
  // amount60 is 60 × fine units; 600_000 of it make one minor unit.
  const cases: Array<[amount60: number, rule: 'up' | 'half-up' | 'down', minor: number]> = [
    [0, 'up', 0],
    [600_000, 'up', 1],
    [600_001, 'up', 2],
    [600_001, 'half-up', 1],
    [600_001, 'down', 1],
    [899_999, 'half-up', 1],
    [900_000, 'half-up', 2],
    [1_199_999, 'down', 1],
    [1_200_000, 'down', 2],
  ];
  it.each(cases)('rounds %i (60 × fine units) %s to %i minor units', (amount60, rule, minor) => {
    expect(toMinorUnits(amount60, rule)).toBe(minor);
    expect(toMinorUnitsBig(BigInt(amount60), rule)).toBe(minor);
  });

  it('agrees with exact BigInt division for every safe integer amount', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.constantFrom('up' as const, 'half-up' as const, 'down' as const),
        (amount, rule) => {
          expect(toMinorUnits(amount, rule)).toBe(toMinorUnitsBig(BigInt(amount), rule));
          const q = BigInt(amount) / 600_000n;
          const r = BigInt(amount) % 600_000n;
          const expected = rule === 'down' || r === 0n ? q : rule === 'up' ? q + 1n : r * 2n >= 600_000n ? q + 1n : q;
          expect(toMinorUnits(amount, rule)).toBe(Number(expected));
        },
      ),
    );
  });
});
