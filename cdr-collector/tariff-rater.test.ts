import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { buildTariffBook, emptyTariffBook, parseTariffPlan, type TariffBook } from '../tariffs/index.js';
import type { RateCallInput } from './call-rater.js';
import { createTariffRater } from './tariff-rater.js';

const sites = configSchema.parse({}).sites;
const call = (dialledNumber: string): RateCallInput => ({
  dialledNumber,
  numberForm: 'dialled',
  site: null,
  carrier: 'ExampleTel IT',
  gateway: 'GW_MILANO',
  startedAt: Date.UTC(2025, 5, 2, 9) / 1000,
  durationSeconds: 300,
  answered: true,
});

function bookFrom2026(): TariffBook {
  const text =
    'id: p2026\ncarrier: default\ncurrency: EUR\ntimeZone: Europe/Rome\neffectiveFrom: ' +
    '2026-01-01\nrows:\n  - { id: all, default: true, perMinute: 1.00, minimum: 5.00 }\n';
  const parsed = parseTariffPlan(text, 'p2026.yaml');
  if (!parsed.ok) throw new Error('plan refused');
  const built = buildTariffBook([parsed.plan]);
  if (!built.ok) throw new Error('book refused');
  return built.book;
}

describe("the collector's rater", () => {
  it('stores an emergency call as free when no plan covers its date, in the currency of the plans', () => {
    const rater = createTariffRater(bookFrom2026(), sites);
    for (const number of ['112', '0112']) {
      expect(rater.rate(call(number))).toMatchObject({
        rated: true,
        costMinor: 0,
        currency: 'EUR',
        plan: null,
        row: null,
        destinationType: 'emergency',
      });
    }
    expect(rater.rate(call('03351234567'))).toMatchObject({ rated: false, reason: 'no-plan' });
  });

  it('stores an emergency call as free even with no plans loaded at all', () => {
    const rater = createTariffRater(emptyTariffBook(), sites);
    expect(rater.rate(call('112'))).toMatchObject({
      rated: true,
      costMinor: 0,
      currency: null,
      destinationType: 'emergency',
      nation: 'IT',
    });
  });
});
