import type { SiteDiallingPlan } from '../numbering/site-dialling-plan.js';
import { buildTariffBook, type TariffBook } from '../build-tariff-book.js';
import type { DestinationOverrides } from '../numbering/destination-overrides.js';
import { parseTariffPlan } from '../plan/parse-tariff-plan.js';
import type { TariffPlan } from '../plan/tariff-plan.js';

/** Sites as the sample configuration writes them, for tests of tariffs/ and its users. */
export const testSites = {
  milan: {
    country: 'IT',
    areaCode: '',
    pstnAccessCode: '0',
    nationalPrefix: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[1-7][0-9]{2,4}$'],
    emergencyNumbers: ['112', '113', '115', '118'],
    localPrefixes: ['+3902'],
    timeZone: 'Europe/Rome',
  },
  london: {
    country: 'GB',
    areaCode: '020',
    pstnAccessCode: '9',
    nationalPrefix: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[2-8][0-9]{3}$'],
    emergencyNumbers: ['999', '112'],
    timeZone: 'Europe/London',
  },
  berlin: {
    country: 'DE',
    areaCode: '030',
    pstnAccessCode: '0',
    nationalPrefix: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[1-9][0-9]{2,3}$'],
    emergencyNumbers: ['110', '112'],
    timeZone: 'Europe/Berlin',
  },
  newYork: {
    country: 'US',
    areaCode: '212',
    pstnAccessCode: '9',
    nationalPrefix: '1',
    internationalPrefix: '011',
    internalPatterns: ['^[2-8][0-9]{3}$'],
    emergencyNumbers: ['911'],
    timeZone: 'America/New_York',
  },
} satisfies Record<string, SiteDiallingPlan>;

/** Parses a plan written in a test, failing loudly with its problems. */
export function planFrom(text: string, fileName = 'test.yaml'): TariffPlan {
  const result = parseTariffPlan(text, fileName);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  return result.plan;
}

export function bookFrom(plans: TariffPlan[], overrides?: DestinationOverrides): TariffBook {
  const result = buildTariffBook(plans, overrides ? { overrides } : {});
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  return result.book;
}
