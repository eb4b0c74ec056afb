import { describe, expect, it } from 'vitest';
import { buildTariffBook, planInForce } from './build-tariff-book.js';
import { planFrom } from './testing/test-sites.js';

const plan = (id: string, carrier: string, from: string, file = `${id}.yaml`) =>
  planFrom(
    `id: ${id}\ncarrier: ${carrier}\ncurrency: EUR\ntimeZone: UTC\neffectiveFrom: ${from}\nrows:\n  ` +
      `- { id: r, default: true, perMinute: 0.01 }\n`,
    file,
  );

describe('buildTariffBook', () => {
  it('refuses two plans with the same id, naming both files', () => {
    const result = buildTariffBook([
      plan('x', 'a', '2025-01-01', 'one.yaml'),
      plan('x', 'b', '2025-01-01', 'two.yaml'),
    ]);
    expect(result.ok ? [] : result.problems).toEqual([
      { file: 'two.yaml', line: 0, message: 'plan id "x" is also used by one.yaml' },
    ]);
  });

  it('refuses two plans of one carrier taking effect at the same instant, whatever the case of its name', () => {
    const result = buildTariffBook([plan('x', 'Acme', '2025-01-01'), plan('y', 'acme', '2025-01-01')]);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      'plan y and plan x (x.yaml) are both for carrier "acme" from 2025-01-01T00:00:00.000Z',
    ]);
  });

  it('lets a later plan of a carrier replace an earlier one from its effective date', () => {
    const result = buildTariffBook([
      plan('old', 'acme', '2025-01-01'),
      plan('new', 'acme', '2025-07-01'),
      plan('fallback', 'default', '2024-01-01'),
    ]);
    if (!result.ok) throw new Error('refused');
    const at = (iso: string, carrier: string | null = 'acme') => {
      const found = planInForce(result.book, carrier, Date.parse(iso));
      return found && [found.plan.id, found.fallback];
    };
    expect(at('2025-06-30T23:59:59Z')).toEqual(['old', false]);
    expect(at('2025-07-01T00:00:00Z')).toEqual(['new', false]);
    expect(at('2024-12-31T23:59:59Z')).toEqual(['fallback', true]);
    expect(at('2025-03-01T00:00:00Z', null)).toEqual(['fallback', false]);
    expect(at('2023-01-01T00:00:00Z', null)).toBeUndefined();
  });
});
