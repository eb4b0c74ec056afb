import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTariffBook } from '../build-tariff-book.js';
import { parseTariffPlan } from './parse-tariff-plan.js';

const valid = `id: test-plan
carrier: acme
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
holidays: [12-25, 2025-04-21]
bands:
  peak: { days: mon-fri, from: "08:00", to: "18:00" }
  offpeak: { days: mon-fri, from: "18:00", to: "08:00" }
  weekend: { days: [sat, sun] }
  holiday: { holidays: true }
rows:
  - { id: it-mobile, nation: IT, type: mobile, perMinute: 0.10 }
  - { id: uk-london, prefix: "+44 20", perMinute: { peak: 0.05, offpeak: 0.02, weekend: 0.02, holiday: 0.01 } }
  - { id: other, default: true, perMinute: 1.00, increments: 60/60, minimum: 0.50 }
`;

/** The valid plan with line `line` (1-based) replaced. */
function withLine(line: number, text: string): string {
  const lines = valid.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

type BadCase = [what: string, text: string, line: number, message: RegExp];

const bad: BadCase[] = [
  [
    'an unknown column in a row',
    withLine(13, '  - { id: it-mobile, nation: IT, type: mobile, perMinute: 0.10, rate: 1 }'),
    13,
    /row 1 \(it-mobile\).*unknown field "rate"/,
  ],
  ['an unknown top-level field', withLine(2, 'carier: acme'), 2, /unknown field "carier"/],
  [
    'a negative rate',
    withLine(13, '  - { id: it-mobile, nation: IT, type: mobile, perMinute: -0.10 }'),
    13,
    /perMinute: "-0.10" is negative/,
  ],
  [
    'a rate that is not a number',
    withLine(13, '  - { id: it-mobile, nation: IT, type: mobile, perMinute: 0,10 }'),
    13,
    /./,
  ],
  [
    'a rate finer than 1/10000 of a cent',
    withLine(13, '  - { id: it-mobile, nation: IT, type: mobile, perMinute: 0.1000001 }'),
    13,
    /more than 6 decimals/,
  ],
  [
    'overlapping bands',
    withLine(9, '  offpeak: { days: mon-fri, from: "17:00", to: "08:00" }'),
    9,
    /band offpeak: overlaps band peak \(both cover mon 17:00\)/,
  ],
  ['bands that leave a gap', withLine(10, '  weekend: { days: [sat] }'), 7, /no band covers sun 00:00/],
  ['a bad prefix', withLine(14, '  - { id: uk-london, prefix: "44 20", perMinute: 0.05 }'), 14, /bad prefix "44 20"/],
  ['a prefix with letters', withLine(14, '  - { id: uk-london, prefix: "+44 2O", perMinute: 0.05 }'), 14, /bad prefix/],
  [
    'a duplicate prefix',
    withLine(15, '  - { id: other, prefix: "+4420", perMinute: 1.00 }'),
    15,
    /prefix \+4420 is already priced by row uk-london/,
  ],
  [
    'a duplicate row id',
    withLine(15, '  - { id: it-mobile, default: true, perMinute: 1.00 }'),
    15,
    /id "it-mobile" is already used by row 1/,
  ],
  [
    'a rate for a band that does not exist',
    withLine(
      14,
      '  - { id: uk-london, prefix: "+4420", perMinute: { peak: 0.05, offpeak: 0.02, weekend: 0.02, ' +
        'holiday: 0.01, night: 0.01 } }',
    ),
    14,
    /no band named "night"/,
  ],
  [
    'a missing band rate',
    withLine(14, '  - { id: uk-london, prefix: "+4420", perMinute: { peak: 0.05, offpeak: 0.02, weekend: 0.02 } }'),
    14,
    /no rate for band holiday/,
  ],
  [
    'an unknown nation',
    withLine(13, '  - { id: it-mobile, nation: XX, type: mobile, perMinute: 0.10 }'),
    13,
    /unknown nation "XX"/,
  ],
  [
    'an unknown destination type',
    withLine(13, '  - { id: it-mobile, nation: IT, type: cellular, perMinute: 0.10 }'),
    13,
    /unknown destination type "cellular"/,
  ],
  [
    'a row matching two ways',
    withLine(13, '  - { id: it-mobile, nation: IT, prefix: "+39", perMinute: 0.10 }'),
    13,
    /exactly one of prefix, nation/,
  ],
  [
    'a row matching no way',
    withLine(13, '  - { id: it-mobile, perMinute: 0.10 }'),
    13,
    /exactly one of prefix, nation/,
  ],
  [
    'bad increments',
    withLine(15, '  - { id: other, default: true, perMinute: 1.00, increments: 0/60 }'),
    15,
    /"0\/60" is not initial\/subsequent seconds/,
  ],
  [
    'a minimum with too many decimals for the currency',
    withLine(15, '  - { id: other, default: true, perMinute: 1.00, minimum: 0.505 }'),
    15,
    /more than 2 decimals/,
  ],
  ['an unknown currency', withLine(3, 'currency: EUX'), 3, /unknown currency "EUX"/],
  ['an unknown time zone', withLine(4, 'timeZone: Europe/Milano'), 4, /unknown time zone/],
  ['a bad effective date', withLine(5, 'effectiveFrom: 2025-02-30'), 5, /"2025-02-30" is not a date/],
  ['a bad holiday', withLine(6, 'holidays: [12-32]'), 6, /"12-32" is not a date/],
  [
    'a bad time of day',
    withLine(8, '  peak: { days: mon-fri, from: "8h", to: "18:00" }'),
    8,
    /band peak from: "8h" is not a time of day/,
  ],
  ['bad days', withLine(8, '  peak: { days: monday-funday, from: "08:00", to: "18:00" }'), 8, /band peak days/],
  ['a missing required field', withLine(3, ''), 1, /currency: is required/],
  ['a rows entry that is not a mapping', withLine(13, '  - it-mobile'), 13, /row 1.*must be a mapping/],
  ['YAML that does not parse', withLine(13, '  - { id: it-mobile, nation: IT'), 14, /YAML/],
  ['a duplicate YAML key', withLine(3, 'carrier: other'), 3, /YAML: Map keys must be unique/],
  [
    'a rounding rule that does not exist',
    `${valid}rounding: nearest\n`,
    16,
    /rounding: "nearest" is not one of up, half-up, down/,
  ],
];

describe('parseTariffPlan', () => {
  it('reads a valid plan', () => {
    const result = parseTariffPlan(valid, 'test.yaml');
    expect(result.ok, JSON.stringify(!result.ok && result.problems)).toBe(true);
    if (!result.ok) return;
    expect(result.plan.bands.map((b) => b.name)).toEqual(['peak', 'offpeak', 'weekend', 'holiday']);
    expect(result.plan.rows.map((r) => r.id)).toEqual(['it-mobile', 'uk-london', 'other']);
    expect(result.plan.rows[1]?.ratesFine).toEqual([50_000, 20_000, 20_000, 10_000]);
    expect(result.plan.rows[2]).toMatchObject({
      initialSeconds: 60,
      subsequentSeconds: 60,
      minimumMinor: 50,
      ratesFine: [1_000_000, 1_000_000, 1_000_000, 1_000_000],
    });
    expect(result.plan.effectiveFrom.toISOString()).toBe('2024-12-31T23:00:00.000Z');
  });

  it.each(bad)('refuses %s, naming the file and line', (_what, text, line, message) => {
    const result = parseTariffPlan(text, 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => message.test(p.message));
    expect(problem, result.problems.map((p) => `${p.line}: ${p.message}`).join('\n')).toBeDefined();
    expect(problem).toMatchObject({ file: 'bad.yaml', line });
  });

  it('reports every problem of a file, not only the first', () => {
    const text = withLine(3, 'currency: EUX').replace('perMinute: 0.10 }', 'perMinute: -1 }');
    const result = parseTariffPlan(text, 'bad.yaml');
    expect(result.ok ? [] : result.problems.map((p) => p.line)).toEqual([3, 13]);
  });

  it('reads a plan without bands as one band covering the whole week', () => {
    const result = parseTariffPlan(
      'id: p\ncarrier: default\ncurrency: GBP\ntimeZone: Europe/London\neffectiveFrom: ' +
        '2025-01-01\nrows:\n  - { id: all, default: true, perMinute: 0.02 }\n',
      'flat.yaml',
    );
    expect(result.ok && result.plan.bands.map((b) => b.name)).toEqual(['all']);
  });

  it('reads effective dates as local midnight in the plan zone, or as written with an offset', () => {
    const plan = (from: string) =>
      parseTariffPlan(
        `id: p\ncarrier: c\ncurrency: USD\ntimeZone: America/New_York\neffectiveFrom: ` +
          `${from}\nrows:\n  - { id: a, default: true, perMinute: 0.02 }\n`,
        'p.yaml',
      );
    const at = (from: string) => {
      const result = plan(from);
      return result.ok ? result.plan.effectiveFrom.toISOString() : result.problems[0]?.message;
    };
    expect(at('2025-07-01')).toBe('2025-07-01T04:00:00.000Z');
    expect(at('2025-01-01')).toBe('2025-01-01T05:00:00.000Z');
    expect(at('2025-07-01T08:30')).toBe('2025-07-01T12:30:00.000Z');
    expect(at('2025-07-01T08:30Z')).toBe('2025-07-01T08:30:00.000Z');
    expect(at('2025-07-01T08:30+02:00')).toBe('2025-07-01T06:30:00.000Z');
  });
});

describe('the sample plans in tariffs/plans', () => {
  const folder = fileURLToPath(new URL('../plans/', import.meta.url));
  const files = readdirSync(folder).filter((f) => f.endsWith('.yaml'));

  it('cover Italy, the United Kingdom, Germany and the United States', () => {
    const countries = files.map((f) => readFileSync(folder + f, 'utf8')).map((t) => /^timeZone: (.*)$/m.exec(t)?.[1]);
    expect(countries).toEqual(
      expect.arrayContaining(['Europe/Rome', 'Europe/London', 'Europe/Berlin', 'America/New_York']),
    );
  });

  it.each(files)('%s parses and says it is an example, not real prices', (file) => {
    const text = readFileSync(folder + file, 'utf8');
    const result = parseTariffPlan(text, file);
    expect(result.ok, JSON.stringify(!result.ok && result.problems)).toBe(true);
    expect(text).toMatch(/EXAMPLE PLAN: illustrative prices only/);
    expect(text).toMatch(/NOT any real carrier's tariff/);
  });

  it('build one book together', () => {
    const plans = files
      .map((f) => parseTariffPlan(readFileSync(folder + f, 'utf8'), f))
      .flatMap((r) => (r.ok ? [r.plan] : []));
    const book = buildTariffBook(plans);
    expect(book.ok, JSON.stringify(!book.ok && book.problems)).toBe(true);
  });
});

describe('the plan file format in the manual (docs/manual/tariffs.md)', () => {
  it('documents an example that is a valid plan', () => {
    const manual = readFileSync(fileURLToPath(new URL('../../docs/manual/tariffs.md', import.meta.url)), 'utf8');
    const section = manual.slice(manual.indexOf('## Plan file format'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const result = parseTariffPlan(example as string, 'docs/manual/tariffs.md');
    expect(result.ok, JSON.stringify(!result.ok && result.problems)).toBe(true);
  });
});
