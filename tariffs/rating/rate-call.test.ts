import { describe, expect, it } from 'vitest';
import { emptyTariffBook } from '../build-tariff-book.js';
import { bookFrom, planFrom, testSites } from '../testing/test-sites.js';
import { rateCall, type RatingResult } from './rate-call.js';

const { milan } = testSites;
const rome = { ...milan, localPrefixes: ['+3906'] };

const bands = `holidays: [12-25, 2025-04-21]
bands:
  day: { days: mon-fri, from: "08:00", to: "20:00" }
  night: { days: mon-fri, from: "20:00", to: "08:00" }
  weekend: { days: sat-sun }
  holiday: { holidays: true }
`;

const italy = planFrom(`id: italy
carrier: default
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
${bands}rows:
  - { id: it-fixed, nation: IT, type: fixed-national, perMinute: { day: 0.0200, night: 0.0100, weekend: 0.0050,
        holiday: 0.0010 }, increments: 60/60 }
  - { id: it-mobile, nation: IT, type: mobile, perMinute: 0.1200, connectFee: 0.0500, increments: 30/6, minimum: 0.20 }
  - { id: it-milan-block, prefix: "+39 02 1234", perMinute: 0.3000, increments: 1/1 }
  - { id: it-milan, prefix: "+39 02", perMinute: 0.0600, increments: 1/1 }
  - { id: it-premium, nation: IT, type: premium, perMinute: 2.0000, increments: 60/60, maximum: 5.00 }
  - { id: it-any, nation: IT, perMinute: 0.9000, increments: 60/60 }
  - { id: world, default: true, perMinute: 1.0000, increments: 60/60 }
`);

const book = bookFrom([italy]);

/** Monday 3 March 2025, 10:00 in Rome. */
const mondayMorning = '2025-03-03T09:00:00Z';

function rate(
  dialled: string,
  durationSeconds: number,
  at = mondayMorning,
  site = milan,
  carrier: string | null = null,
  b = book,
): RatingResult {
  return rateCall({ dialledNumber: dialled, startedAt: new Date(at), durationSeconds, carrier, site }, b);
}

function cost(result: RatingResult): [number | null, string | null] {
  return result.unrated ? [null, result.reason] : [result.costMinor, result.rowId];
}

describe('rateCall: rows', () => {
  const cases: Array<[what: string, dialled: string, duration: number, costMinor: number | null, row: string | null]> =
    [
      ['the longest prefix wins over a shorter one', '00212345678', 10, 5, 'it-milan-block'],
      ['a shorter prefix applies where no longer one does', '00299999999', 10, 1, 'it-milan'],
      ['rounds a fraction of a cent up (0.011 → 0.02)', '00299999999', 11, 2, 'it-milan'],
      ['nation + type: 61 s at 60/60 bills 120 s (2 × 0.02)', '00612345678', 61, 4, 'it-fixed'],
      ['connection fee + 30/6: 31 s bills 36 s, below the minimum 0.20', '03351234567', 31, 20, 'it-mobile'],
      ['connection fee + 30/6: 120 s costs 0.05 + 0.24 = 0.29', '03351234567', 120, 29, 'it-mobile'],
      ['connection fee + 30/6: 90 s costs 0.05 + 0.18 = 0.23', '03351234567', 90, 23, 'it-mobile'],
      ['the maximum charge caps a long premium call (20.00 → 5.00)', '0899123456', 600, 500, 'it-premium'],
      ['a type with no row of its own falls to the nation row', '0199123456', 61, 180, 'it-any'],
      ['a nation with no row falls to the default row', '+81312345678', 61, 200, 'world'],
      ['toll-free numbers no row prices are free', '0800123456', 300, 0, null],
      ['emergency calls are free', '112', 300, 0, null],
      ['emergency calls dialled with the access code are free', '0112', 300, 0, null],
      ['a call without connected time costs nothing, not even the fee or minimum', '03351234567', 0, 0, 'it-mobile'],
    ];
  it.each(cases)('%s', (_what, dialled, duration, costMinor, row) => {
    expect(cost(rate(dialled, duration))).toEqual([costMinor, row]);
  });

  it("lets a fixed-local number fall back to the nation's fixed-national row", () => {
    const result = rate('00612345678', 61, mondayMorning, rome);
    expect(result.unrated === false && result.destination.destinationType).toBe('fixed-local');
    expect(cost(result)).toEqual([4, 'it-fixed']);
  });

  it('reports destination, plan and how the row was found', () => {
    const result = rate('00212345678', 10);
    expect(result).toMatchObject({
      unrated: false,
      currency: 'EUR',
      planId: 'italy',
      destination: { e164: '+390212345678', nation: 'IT', destinationType: 'fixed-local', name: 'Italy fixed (local)' },
      breakdown: {
        matchedBy: 'prefix',
        prefix: '+39021234',
        billedSeconds: 10,
        segments: [{ band: 'day', seconds: 10, ratePerMinuteFine: 300_000 }],
      },
    });
  });

  it('flags the minimum and maximum charges when they apply', () => {
    const low = rate('03351234567', 31);
    const high = rate('0899123456', 600);
    expect(low.unrated === false && [low.breakdown.roundedMinor, low.breakdown.minimumApplied]).toEqual([13, true]);
    expect(high.unrated === false && [high.breakdown.roundedMinor, high.breakdown.maximumApplied]).toEqual([
      2000,
      true,
    ]);
  });

  const unrated: Array<[what: string, dialled: string, reason: string]> = [
    ['a feature code', '*67', 'unrecognized-destination'],
    ['an empty number', '', 'unrecognized-destination'],
    ['a short code that cannot be placed', '0187', 'unrecognized-destination'],
    ['an internal extension', '1234', 'not-external'],
  ];
  it.each(unrated)('leaves %s unrated', (_what, dialled, reason) => {
    expect(cost(rate(dialled, 60))).toEqual([null, reason]);
  });

  it('leaves a call with an invalid start or duration unrated instead of throwing', () => {
    expect(cost(rate('00212345678', Number.NaN))).toEqual([null, 'invalid-call']);
    expect(cost(rate('00212345678', -1))).toEqual([null, 'invalid-call']);
    expect(cost(rate('00212345678', 10, 'not a date'))).toEqual([null, 'invalid-call']);
  });

  it('leaves a destination no row prices unrated when the plan has no default row', () => {
    const plan = planFrom(
      'id: p\ncarrier: default\ncurrency: EUR\ntimeZone: Europe/Rome\neffectiveFrom: ' +
        '2025-01-01\nrows:\n  - { id: it, nation: IT, perMinute: 0.01 }\n',
    );
    expect(cost(rate('+81312345678', 60, mondayMorning, milan, null, bookFrom([plan])))).toEqual([
      null,
      'no-matching-row',
    ]);
  });
});

describe('rateCall: time bands (start mode)', () => {
  const cases: Array<[what: string, at: string, band: string, costMinor: number]> = [
    ['a weekday morning is day', '2025-03-03T09:00:00Z', 'day', 2],
    ['one second before 20:00 is still day', '2025-03-03T18:59:59Z', 'day', 2],
    ['20:00 starts night', '2025-03-03T19:00:00Z', 'night', 1],
    ['Monday 23:59 is night', '2025-03-03T22:59:00Z', 'night', 1],
    ['Tuesday 00:30 is night (the window wraps midnight)', '2025-03-03T23:30:00Z', 'night', 1],
    ['Friday 23:00 is night', '2025-03-07T22:00:00Z', 'night', 1],
    ['Saturday 00:30 is weekend (days are calendar days)', '2025-03-07T23:30:00Z', 'weekend', 1],
    ['Christmas (yearly holiday) on a Thursday', '2025-12-25T09:00:00Z', 'holiday', 1],
    ['Easter Monday 2025 (one-off holiday)', '2025-04-21T08:00:00Z', 'holiday', 1],
    ['21 April 2026 is an ordinary Tuesday', '2026-04-21T08:00:00Z', 'day', 2],
    ['Christmas 2150, past the precomputed years, is still a holiday', '2150-12-25T09:00:00Z', 'holiday', 1],
    ['07:30 CET on Friday before the change to summer time is night', '2025-03-28T06:30:00Z', 'night', 1],
    ['the same UTC time on Monday after the change is 08:30 CEST: day', '2025-03-31T06:30:00Z', 'day', 2],
    ['19:30 CEST in October is day', '2025-10-24T17:30:00Z', 'day', 2],
    [
      'the same UTC time after the change back is 18:30 CET: still day; 19:30Z is 20:30 CET: night',
      '2025-10-27T19:30:00Z',
      'night',
      1,
    ],
  ];
  it.each(cases)('%s', (_what, at, band, costMinor) => {
    const result = rate('00612345678', 60, at);
    expect(result.unrated === false && [result.breakdown.segments.map((s) => s.band), result.costMinor]).toEqual([
      [band],
      costMinor,
    ]);
  });

  it('rates a call crossing a band boundary by the band at its start', () => {
    const result = rate('00612345678', 7200, '2025-03-03T18:30:00Z');
    expect(result.unrated === false && [result.breakdown.segments, result.costMinor]).toEqual([
      [{ band: 'day', seconds: 7200, ratePerMinuteFine: 20_000 }],
      240,
    ]);
  });
});

describe('rateCall: time bands (split mode)', () => {
  const split = planFrom(`id: split
carrier: default
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
bandSplit: split
${bands}rows:
  - { id: fixed, nation: IT, type: fixed, perMinute: { day: 0.0600, night: 0.0300, weekend: 0.0120,
        holiday: 0.0060 }, increments: 1/1 }
`);
  const splitBook = bookFrom([split]);
  const cases: Array<
    [what: string, at: string, duration: number, segments: Array<[string, number]>, costMinor: number]
  > = [
    [
      'a weekday call across 20:00',
      '2025-03-03T18:59:00Z',
      120,
      [
        ['day', 60],
        ['night', 60],
      ],
      9,
    ],
    [
      'Friday night into Saturday',
      '2025-03-07T22:59:00Z',
      120,
      [
        ['night', 60],
        ['weekend', 60],
      ],
      5,
    ],
    [
      'Christmas Eve night into Christmas Day',
      '2025-12-24T22:59:00Z',
      120,
      [
        ['night', 60],
        ['holiday', 60],
      ],
      4,
    ],
    ['a call within one band stays one segment', '2025-03-03T09:00:00Z', 3600, [['day', 3600]], 360],
    [
      'Sunday night into Monday morning, across two boundaries',
      '2025-03-09T22:59:00Z',
      9 * 3600,
      [
        ['weekend', 60],
        ['night', 8 * 3600],
        ['day', 3540],
      ],
      1796,
    ], // 1.2 + 1440 + 354 = 1795.2 → up,
  ];
  it.each(cases)('splits %s', (_what, at, duration, segments, costMinor) => {
    const result = rate('00612345678', duration, at, milan, null, splitBook);
    expect(
      result.unrated === false && [result.breakdown.segments.map((s) => [s.band, s.seconds]), result.costMinor],
    ).toEqual([segments, costMinor]);
  });

  const dst = planFrom(`id: dst
carrier: default
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
bandSplit: split
bands:
  early: { from: "00:00", to: "03:00" }
  rest: { from: "03:00", to: "24:00" }
rows:
  - { id: all, default: true, perMinute: { early: 0.0600, rest: 0.6000 }, increments: 1/1 }
`);
  const dstBook = bookFrom([dst]);

  it('cuts at a boundary right after the spring-forward jump (01:59 CET + 2 min = 03:01 CEST)', () => {
    const result = rate('+81312345678', 120, '2025-03-30T00:59:00Z', milan, null, dstBook);
    expect(result.unrated === false && result.breakdown.segments.map((s) => [s.band, s.seconds])).toEqual([
      ['early', 60],
      ['rest', 60],
    ]);
  });

  it('does not cut at 03:00 CEST when the clock goes back to 02:00 CET in between', () => {
    const result = rate('+81312345678', 180, '2025-10-26T00:58:00Z', milan, null, dstBook);
    expect(result.unrated === false && result.breakdown.segments.map((s) => [s.band, s.seconds])).toEqual([
      ['early', 180],
    ]);
  });
});

describe('rateCall: plans, carriers and effective dates', () => {
  const version = (id: string, carrier: string, from: string, to: string | null, rate: string) =>
    planFrom(
      `id: ${id}\ncarrier: ${carrier}\ncurrency: EUR\ntimeZone: Europe/Rome\neffectiveFrom: ` +
        `${from}\n${to ? `effectiveTo: ${to}\n` : ''}rows:\n  - { id: r, default: true, perMinute: ` +
        `${rate}, increments: 60/60 }\n`,
    );
  const plans = bookFrom([
    version('default-2025', 'default', '2025-01-01', null, '0.01'),
    version('acme-h1', 'ACME', '2025-01-01', null, '0.02'),
    version('acme-h2', 'acme', '2025-07-01', null, '0.03'),
    version('old-carrier', 'old', '2024-01-01', '2025-01-01', '0.04'),
  ]);
  const cases: Array<
    [what: string, carrier: string | null, at: string, plan: string | null, fallback: boolean | null]
  > = [
    ["the carrier's plan in force", 'acme', '2025-03-01T10:00:00Z', 'acme-h1', false],
    ['carrier names match whatever their case', 'Acme', '2025-03-01T10:00:00Z', 'acme-h1', false],
    ['one second before the new plan (midnight in Rome)', 'acme', '2025-06-30T21:59:59Z', 'acme-h1', false],
    ['the new plan from its first second', 'acme', '2025-06-30T22:00:00Z', 'acme-h2', false],
    ['the default plan for a carrier whose plan ended', 'old', '2025-02-01T10:00:00Z', 'default-2025', true],
    ['the ended plan while it was in force', 'old', '2024-06-01T10:00:00Z', 'old-carrier', false],
    ['the default plan for a call without carrier', null, '2025-03-01T10:00:00Z', 'default-2025', false],
    ['the default plan for an unknown carrier', 'nobody', '2025-03-01T10:00:00Z', 'default-2025', true],
    ['no plan before any took effect', null, '2024-06-01T10:00:00Z', null, null],
  ];
  it.each(cases)('picks %s', (_what, carrier, at, planId, fallback) => {
    const result = rate('00612345678', 60, at, milan, carrier, plans);
    if (planId === null) expect(result).toMatchObject({ unrated: true, reason: 'no-plan' });
    else
      expect(result.unrated === false && [result.planId, result.breakdown.defaultPlanFallback]).toEqual([
        planId,
        fallback,
      ]);
  });
});

describe('rateCall: emergency calls', () => {
  const lateItaly = planFrom(
    `id: late\ncarrier: default\ncurrency: CHF\ntimeZone: Europe/Rome\neffectiveFrom: ` +
      `2026-01-01\nrows:\n  - { id: all, default: true, perMinute: 9.00, connectFee: 1.00, minimum: 5.00 }\n`,
  );
  const before = '2025-06-01T10:00:00Z';

  it('rates an emergency call free when no plan is in force at its date', () => {
    const result = rate('112', 300, before, milan, 'acme', bookFrom([lateItaly]));
    expect(result).toMatchObject({
      unrated: false,
      costMinor: 0,
      currency: 'CHF',
      planId: null,
      rowId: null,
      destination: { destinationType: 'emergency' },
    });
    expect(rate('0112', 300, before, milan, null, bookFrom([lateItaly]))).toMatchObject({
      unrated: false,
      costMinor: 0,
    });
  });

  it('rates an emergency call free with no plans loaded at all (no currency to name)', () => {
    const result = rate('112', 300, before, milan, null, emptyTariffBook());
    expect(result).toMatchObject({
      unrated: false,
      costMinor: 0,
      currency: null,
      planId: null,
      destination: { destinationType: 'emergency', nation: 'IT' },
    });
    // Other calls still say why they are unrated.
    expect(cost(rate('03351234567', 300, before, milan, null, emptyTariffBook()))).toEqual([null, 'no-plan']);
  });

  it('rates an emergency call free even when the plan in force has a default row and a minimum charge', () => {
    expect(cost(rate('112', 300, '2026-03-02T09:00:00Z', milan, null, bookFrom([lateItaly])))).toEqual([0, null]);
  });
});

describe('rateCall: the form of the number', () => {
  it('rates the outpulsed number 004930901820 from Italy as Berlin and the dialled one as Padova', () => {
    const outpulsed = rateCall(
      {
        dialledNumber: '004930901820',
        numberForm: 'outpulsed',
        startedAt: new Date(mondayMorning),
        durationSeconds: 60,
        site: milan,
      },
      book,
    );
    const dialled = rateCall(
      {
        dialledNumber: '004930901820',
        numberForm: 'dialled',
        startedAt: new Date(mondayMorning),
        durationSeconds: 60,
        site: milan,
      },
      book,
    );
    expect(outpulsed).toMatchObject({
      unrated: false,
      rowId: 'world',
      destination: { e164: '+4930901820', nation: 'DE' },
    });
    expect(dialled).toMatchObject({
      unrated: false,
      rowId: 'it-fixed',
      destination: { e164: '+3904930901820', nation: 'IT' },
    });
  });
});

describe('rateCall: currencies', () => {
  const plan = (currency: string, rate: string, rounding: string) =>
    bookFrom([
      planFrom(
        `id: p\ncarrier: default\ncurrency: ${currency}\ntimeZone: UTC\neffectiveFrom: ` +
          `2025-01-01\nrounding: ${rounding}\nrows:\n  - { id: r, default: true, perMinute: ` +
          `${rate}, increments: 1/1 }\n`,
      ),
    ]);
  const cases: Array<[currency: string, rate: string, rounding: string, duration: number, costMinor: number]> = [
    ['JPY', '10.5', 'up', 61, 11],
    ['JPY', '10.5', 'down', 61, 10],
    ['BHD', '0.0125', 'half-up', 60, 13],
    ['BHD', '0.0125', 'down', 60, 12],
    ['USD', '0.012345', 'half-up', 600, 12],
    ['GBP', '0.005', 'half-up', 60, 1],
    ['GBP', '0.0049', 'half-up', 60, 0],
  ];
  it.each(cases)(
    'charges %s at %s/min (%s) for %i s as %i minor units',
    (currency, rate, rounding, duration, costMinor) => {
      const result = rateCall(
        {
          dialledNumber: '+81312345678',
          startedAt: new Date('2025-03-03T09:00:00Z'),
          durationSeconds: duration,
          site: milan,
        },
        plan(currency, rate, rounding),
      );
      expect(result.unrated === false && [result.currency, result.costMinor]).toEqual([currency, costMinor]);
    },
  );
});
