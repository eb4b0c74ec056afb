import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyTariffBook } from '../build-tariff-book.js';
import { compileDestinationOverrides } from '../numbering/destination-overrides.js';
import type { NumberForm } from '../numbering/classify-dialled-number.js';
import { bookFrom, planFrom, testSites } from '../testing/test-sites.js';
import { createRatingFacts, rateCallFacts } from './rate-call-facts.js';
import { rateCall } from './rate-call.js';
import { ratingFacts } from './rating-facts.js';

const samplePlansDir = join(import.meta.dirname, '..', 'plans');
const samples = readdirSync(samplePlansDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => planFrom(readFileSync(join(samplePlansDir, f), 'utf8'), f));

// Split bands over a holiday calendar, prefixes inside prefixes, minimum and maximum, a carrier plan that ends, and
// a row priced high enough that a long call passes 2^53 fine units × 60 (the exact BigInt path).
const edges = planFrom(`id: edges
carrier: edge-carrier
currency: EUR
timeZone: America/New_York
effectiveFrom: 2025-01-01
effectiveTo: 2025-09-01
rounding: up
bandSplit: split
holidays: [12-25, 2025-07-04]
bands:
  day: { days: mon-fri, from: "08:00", to: "18:00" }
  evening: { days: mon-fri, from: "18:00", to: "08:00" }
  weekend: { days: sat-sun }
  holiday: { holidays: true, from: "00:00", to: "12:00" }
rows:
  - { id: gb-london-block, prefix: "+44 20 7", perMinute: 0.3333, increments: 1/1 }
  - { id: gb-london, prefix: "+44 20", perMinute: 0.0600, connectFee: 0.0150, increments: 30/6, minimum: 0.05 }
  - { id: it-mobile, nation: IT, type: mobile, perMinute: 0.1200, increments: 60/60, maximum: 2.00 }
  - { id: premium, nation: IT, type: premium, perMinute: 999999.0000, increments: 1/1 }
  - { id: de-any, nation: DE, perMinute: 0.0450, increments: 60/1, minimum: 1.00 }
`);

const overrides = compileDestinationOverrides([
  { prefix: '+39 899', destinationType: 'premium', name: 'Italy premium lines' },
  { prefix: '+44 20 7946', destinationType: 'special', name: 'Ofcom drama numbers', nation: 'GB' },
]);
const books = [bookFrom([...samples, edges]), bookFrom([...samples, edges], overrides), emptyTariffBook()];

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const numberArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '02',
        '06',
        '0039',
        '00',
        '0',
        '',
        '9',
        '90',
        '900',
        '0044',
        '00044',
        '+44',
        '+39',
        '+1',
        '011',
        '91',
        '+800',
        '0089',
        '112',
        '0112',
        '999',
        '911',
        '3',
        '33',
        '0044207',
        '00442079',
        '+3989',
        '0899',
        '800',
      ),
      fc.integer({ min: 0, max: 12 }).chain(digits),
    )
    .map(([prefix, rest]) => prefix + rest),
  fc.constantFrom('', '#', '12a4', '00 44 20 7946 0000', '+44 (0)20 7946 0000', '9#', '1234', '9'.repeat(40)),
);
const callArb = fc.record({
  dialledNumber: numberArb,
  numberForm: fc.constantFrom<NumberForm>('dialled', 'outpulsed'),
  site: fc.constantFrom(testSites.milan, testSites.london, testSites.berlin, testSites.newYork),
  carrier: fc.constantFrom(null, '', 'example-uk', 'Example-UK ', 'ExampleTel IT', 'edge-carrier', 'EDGE-CARRIER'),
  // 2024–2026, DST changes and holidays included; now and then not a time at all.
  startMs: fc.oneof(
    fc.integer({ min: 1_704_067_200, max: 1_798_761_600 }).map((s) => s * 1000),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1.7e15, 8.64e15 + 1, 1_750_000_000_500.7),
  ),
  durationSeconds: fc.oneof(
    fc.integer({ min: 0, max: 20_000 }),
    fc.constantFrom(0.5, 59.01, -1, Number.NaN, Number.POSITIVE_INFINITY, 10_000_000),
  ),
  book: fc.integer({ min: 0, max: books.length - 1 }),
});

describe('rateCallFacts', () => {
  it('gives exactly the facts of rateCall for any call, plan, site and number', () => {
    const out = createRatingFacts();
    fc.assert(
      fc.property(callArb, (c) => {
        const book = books[c.book]!;
        const expected = ratingFacts(
          rateCall(
            {
              dialledNumber: c.dialledNumber,
              numberForm: c.numberForm,
              startedAt: new Date(c.startMs),
              durationSeconds: c.durationSeconds,
              carrier: c.carrier,
              site: c.site,
            },
            book,
          ),
        );
        // The same object refilled each time: nothing of the previous call may remain.
        expect(rateCallFacts(out, c, book)).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('prices the longest prefix, then the nation and type, and passes 2^53 exactly', () => {
    const book = books[0]!;
    const at = Date.UTC(2025, 2, 4, 15); // Tuesday 4 March 2025, 10:00 in New York
    const facts = (dialledNumber: string, durationSeconds = 60) =>
      rateCallFacts(
        createRatingFacts(),
        {
          dialledNumber,
          numberForm: 'outpulsed',
          startMs: at,
          durationSeconds,
          carrier: 'edge-carrier',
          site: testSites.newYork,
        },
        book,
      );
    expect(facts('+442079460000')).toMatchObject({ rowId: 'gb-london-block', costMinor: 34, nation: 'GB' });
    expect(facts('+442034560000')).toMatchObject({ rowId: 'gb-london', costMinor: 8 });
    expect(facts('+441612345678')).toMatchObject({ rowId: null, unratedReason: 'no-matching-row', planId: 'edges' });
    expect(facts('+393351234567')).toMatchObject({ rowId: 'it-mobile', destinationType: 'mobile', nation: 'IT' });
    // 10,000,000 s at 999,999 EUR a minute: past 2^53, priced by the BigInt arithmetic.
    const long = facts('+39899123456', 10_000_000);
    expect(long.rowId).toBe('premium');
    expect(long.costMinor).toBe(16_666_650_000_000);
  });
});
