import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookFrom, planFrom, testSites } from '../testing/test-sites.js';
import { rateCall } from './rate-call.js';

const decimal = (scale: number, max: number) =>
  fc.integer({ min: 0, max }).map((n) => (n / 10 ** scale).toFixed(scale));

const rowArb = fc.record({
  day: decimal(6, 5_000_000),
  night: decimal(6, 5_000_000),
  connect: decimal(6, 500_000),
  initial: fc.integer({ min: 1, max: 120 }),
  subsequent: fc.integer({ min: 1, max: 120 }),
  minimum: decimal(2, 500),
  rounding: fc.constantFrom('up', 'half-up', 'down'),
  split: fc.constantFrom('start', 'split'),
  zone: fc.constantFrom('Europe/Rome', 'America/New_York', 'UTC', 'Asia/Kolkata'),
});

type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

function bookOf(spec: RowSpec) {
  return bookFrom([
    planFrom(`id: prop
carrier: default
currency: EUR
timeZone: ${spec.zone}
effectiveFrom: 2000-01-01
rounding: ${spec.rounding}
bandSplit: ${spec.split}
bands:
  day: { from: "08:00", to: "20:00" }
  night: { from: "20:00", to: "08:00" }
rows:
  - { id: r, default: true, perMinute: { day: ${spec.day}, night: ${spec.night} }, connectFee: ${spec.connect},
        increments: ${spec.initial}/${spec.subsequent}, minimum: ${spec.minimum} }
`),
  ]);
}

// Any instant between 2020 and 2030 (DST changes included), to the second.
const instant = fc.integer({ min: 1_577_836_800, max: 1_893_456_000 }).map((s) => new Date(s * 1000));

function costOf(book: ReturnType<typeof bookOf>, startedAt: Date, durationSeconds: number): number {
  const result = rateCall({ dialledNumber: '+81312345678', startedAt, durationSeconds, site: testSites.milan }, book);
  if (result.unrated) throw new Error(`unrated: ${result.reason}`);
  return result.costMinor;
}

describe('rateCall properties', () => {
  it('never charges less for a longer call', () => {
    fc.assert(
      fc.property(
        rowArb,
        instant,
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (spec, startedAt, a, b) => {
          const book = bookOf(spec);
          const [shorter, longer] = a <= b ? [a, b] : [b, a];
          expect(costOf(book, startedAt, shorter)).toBeLessThanOrEqual(costOf(book, startedAt, longer));
        },
      ),
      { numRuns: 300 },
    );
  });

  it(
    'charges a call exactly on an increment boundary like any call inside that increment, and one ' +
      'second more as the next increment',
    () => {
      fc.assert(
        fc.property(rowArb, instant, fc.integer({ min: 1, max: 50 }), (spec, startedAt, k) => {
          const book = bookOf({ ...spec, split: 'start' });
          const boundary = spec.initial + k * spec.subsequent;
          const inside = boundary - spec.subsequent + 1;
          const atBoundary = costOf(book, startedAt, boundary);
          expect(costOf(book, startedAt, inside)).toBe(atBoundary);
          const result = rateCall(
            { dialledNumber: '+81312345678', startedAt, durationSeconds: boundary + 1, site: testSites.milan },
            book,
          );
          expect(result.unrated === false && result.breakdown.billedSeconds).toBe(boundary + spec.subsequent);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('computes the documented formula max(M, round(F + R · b / 60)) for a single-band call', () => {
    fc.assert(
      fc.property(rowArb, instant, fc.integer({ min: 1, max: 20_000 }), (spec, startedAt, duration) => {
        const flat = { ...spec, night: spec.day, split: 'start' as const };
        const book = bookOf(flat);
        const fine = (text: string) => BigInt(Math.round(Number(text) * 1_000_000));
        const b =
          duration <= spec.initial
            ? spec.initial
            : spec.initial + Math.ceil((duration - spec.initial) / spec.subsequent) * spec.subsequent;
        const amount60 = fine(spec.connect) * 60n + fine(spec.day) * BigInt(b);
        const q = amount60 / 600_000n;
        const r = amount60 % 600_000n;
        const rounded = Number(
          r === 0n || spec.rounding === 'down' ? q : spec.rounding === 'up' ? q + 1n : r * 2n >= 600_000n ? q + 1n : q,
        );
        expect(costOf(book, startedAt, duration)).toBe(Math.max(Math.round(Number(spec.minimum) * 100), rounded));
      }),
      { numRuns: 300 },
    );
  });

  it('splits a call into segments that add up to its billed seconds', () => {
    fc.assert(
      fc.property(rowArb, instant, fc.integer({ min: 1, max: 100_000 }), (spec, startedAt, duration) => {
        const result = rateCall(
          { dialledNumber: '+81312345678', startedAt, durationSeconds: duration, site: testSites.milan },
          bookOf({ ...spec, split: 'split' }),
        );
        if (result.unrated) throw new Error(result.reason);
        expect(result.breakdown.segments.reduce((sum, s) => sum + s.seconds, 0)).toBe(result.breakdown.billedSeconds);
      }),
      { numRuns: 200 },
    );
  });
});
