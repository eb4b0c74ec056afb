import { memoryUsage } from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSites } from '../testing/test-sites.js';
import { classifyDialledNumber } from './classify-dialled-number.js';
import { compileDestinationOverrides } from './destination-overrides.js';

type Form = 'dialled' | 'outpulsed';
type Case = [
  site: keyof typeof testSites,
  form: Form,
  number: string,
  kind: string,
  e164: string | undefined,
  nation: string | undefined,
  type: string,
];

const { milan, london, berlin, newYork } = testSites;

// Worked by hand from each country's numbering plan. A dialled number carries
// the site's access code (exactly one is stripped); an outpulsed number never does.
const cases: Case[] = [
  // Milan: access code 0, national prefix 0, international 00, closed dialling (no area code), local = +3902
  ['milan', 'dialled', '00212345678', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', 'dialled', '00612345678', 'external', '+390612345678', 'IT', 'fixed-national'],
  ['milan', 'dialled', '03351234567', 'external', '+393351234567', 'IT', 'mobile'],
  ['milan', 'dialled', '0800123456', 'external', '+39800123456', 'IT', 'toll-free'],
  ['milan', 'dialled', '0899123456', 'external', '+39899123456', 'IT', 'premium'],
  ['milan', 'dialled', '0004930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['milan', 'dialled', '00043153116', 'external', '+43153116', 'AT', 'fixed-national'],
  ['milan', 'dialled', '0004915112345678', 'external', '+4915112345678', 'DE', 'mobile'],
  ['milan', 'dialled', '000442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['milan', 'dialled', '000881612345678', 'external', '+881612345678', undefined, 'mobile'],
  ['milan', 'dialled', '+442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['milan', 'dialled', '00212345678#', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', 'dialled', '0 02 1234 5678', 'external', '+390212345678', 'IT', 'fixed-local'],
  // Dialled, the first 0 is the access code: 004930901820 is Padova (049), not Berlin.
  ['milan', 'dialled', '004930901820', 'external', '+3904930901820', 'IT', 'fixed-national'],
  // Without the access code a dialled number has one reading only: as it is.
  ['milan', 'dialled', '3351234567', 'external', '+393351234567', 'IT', 'mobile'],
  ['milan', 'dialled', '112', 'emergency', undefined, 'IT', 'emergency'],
  ['milan', 'dialled', '0112', 'emergency', undefined, 'IT', 'emergency'],
  ['milan', 'dialled', '1234', 'internal', undefined, undefined, 'internal'],
  ['milan', 'outpulsed', '0212345678', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', 'outpulsed', '0612345678', 'external', '+390612345678', 'IT', 'fixed-national'],
  ['milan', 'outpulsed', '3351234567', 'external', '+393351234567', 'IT', 'mobile'],
  ['milan', 'outpulsed', '800123456', 'external', '+39800123456', 'IT', 'toll-free'],
  ['milan', 'outpulsed', '004930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['milan', 'outpulsed', '0043153116', 'external', '+43153116', 'AT', 'fixed-national'],
  ['milan', 'outpulsed', '004915112345678', 'external', '+4915112345678', 'DE', 'mobile'],
  ['milan', 'outpulsed', '00442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['milan', 'outpulsed', '0012125551234', 'external', '+12125551234', 'US', 'fixed-national'],
  ['milan', 'outpulsed', '+4930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['milan', 'outpulsed', '112', 'emergency', undefined, 'IT', 'emergency'],
  // Berlin: access code 0, national prefix 0, international 00, area code 030
  ['berlin', 'dialled', '090182000', 'external', '+493090182000', 'DE', 'fixed-local'],
  ['berlin', 'dialled', '0030901820', 'external', '+4930901820', 'DE', 'fixed-local'],
  ['berlin', 'dialled', '0089123456', 'external', '+4989123456', 'DE', 'fixed-national'],
  ['berlin', 'dialled', '0015112345678', 'external', '+4915112345678', 'DE', 'mobile'],
  ['berlin', 'dialled', '0080012345678', 'external', '+4980012345678', 'DE', 'toll-free'],
  ['berlin', 'dialled', '00043153116', 'external', '+43153116', 'AT', 'fixed-national'],
  ['berlin', 'dialled', '000390212345678', 'external', '+390212345678', 'IT', 'fixed-national'],
  ['berlin', 'dialled', '000393351234567', 'external', '+393351234567', 'IT', 'mobile'],
  // Dialled, 0043153116 is the access code then Kiel (0431), never Vienna.
  ['berlin', 'dialled', '0043153116', 'external', '+4943153116', 'DE', 'fixed-national'],
  ['berlin', 'dialled', '0110', 'emergency', undefined, 'DE', 'emergency'],
  ['berlin', 'outpulsed', '90182000', 'external', '+493090182000', 'DE', 'fixed-local'],
  ['berlin', 'outpulsed', '030901820', 'external', '+4930901820', 'DE', 'fixed-local'],
  ['berlin', 'outpulsed', '089123456', 'external', '+4989123456', 'DE', 'fixed-national'],
  ['berlin', 'outpulsed', '015112345678', 'external', '+4915112345678', 'DE', 'mobile'],
  ['berlin', 'outpulsed', '0043153116', 'external', '+43153116', 'AT', 'fixed-national'],
  ['berlin', 'outpulsed', '00390212345678', 'external', '+390212345678', 'IT', 'fixed-national'],
  ['berlin', 'outpulsed', '110', 'emergency', undefined, 'DE', 'emergency'],
  // London: access code 9, national prefix 0, international 00, area code 020
  ['london', 'dialled', '971234567', 'external', '+442071234567', 'GB', 'fixed-local'],
  ['london', 'dialled', '902071234567', 'external', '+442071234567', 'GB', 'fixed-local'],
  ['london', 'dialled', '901611234567', 'external', '+441611234567', 'GB', 'fixed-national'],
  ['london', 'dialled', '907400123456', 'external', '+447400123456', 'GB', 'mobile'],
  ['london', 'dialled', '908001111', 'external', '+448001111', 'GB', 'toll-free'],
  ['london', 'dialled', '90039061234567', 'external', '+39061234567', 'IT', 'fixed-national'],
  ['london', 'dialled', '9004930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['london', 'dialled', '999', 'emergency', undefined, 'GB', 'emergency'],
  ['london', 'dialled', '9999', 'emergency', undefined, 'GB', 'emergency'],
  ['london', 'dialled', '2345', 'internal', undefined, undefined, 'internal'],
  ['london', 'outpulsed', '71234567', 'external', '+442071234567', 'GB', 'fixed-local'],
  ['london', 'outpulsed', '01611234567', 'external', '+441611234567', 'GB', 'fixed-national'],
  ['london', 'outpulsed', '07400123456', 'external', '+447400123456', 'GB', 'mobile'],
  ['london', 'outpulsed', '0039061234567', 'external', '+39061234567', 'IT', 'fixed-national'],
  ['london', 'outpulsed', '004930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['london', 'outpulsed', '999', 'emergency', undefined, 'GB', 'emergency'],
  // New York: access code 9, national prefix 1, international 011, area code 212 (US mobiles are not told from fixed)
  ['newYork', 'dialled', '95551234', 'external', '+12125551234', 'US', 'fixed-local'],
  ['newYork', 'dialled', '92125551234', 'external', '+12125551234', 'US', 'fixed-local'],
  ['newYork', 'dialled', '916175551234', 'external', '+16175551234', 'US', 'fixed-national'],
  ['newYork', 'dialled', '99175551234', 'external', '+19175551234', 'US', 'fixed-national'],
  ['newYork', 'dialled', '918005551234', 'external', '+18005551234', 'US', 'toll-free'],
  ['newYork', 'dialled', '919005551234', 'external', '+19005551234', 'US', 'premium'],
  ['newYork', 'dialled', '94165551234', 'external', '+14165551234', 'CA', 'fixed-national'],
  ['newYork', 'dialled', '9011442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['newYork', 'dialled', '9011447400123456', 'external', '+447400123456', 'GB', 'mobile'],
  ['newYork', 'dialled', '90114930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['newYork', 'dialled', '9911', 'emergency', undefined, 'US', 'emergency'],
  ['newYork', 'dialled', '911', 'emergency', undefined, 'US', 'emergency'],
  ['newYork', 'outpulsed', '5551234', 'external', '+12125551234', 'US', 'fixed-local'],
  ['newYork', 'outpulsed', '16175551234', 'external', '+16175551234', 'US', 'fixed-national'],
  // Outpulsed, a leading 9 is part of the number (area code 917), not an access code.
  ['newYork', 'outpulsed', '9175551234', 'external', '+19175551234', 'US', 'fixed-national'],
  ['newYork', 'outpulsed', '011447400123456', 'external', '+447400123456', 'GB', 'mobile'],
  ['newYork', 'outpulsed', '0114930901820', 'external', '+4930901820', 'DE', 'fixed-national'],
  ['newYork', 'outpulsed', '911', 'emergency', undefined, 'US', 'emergency'],
];

describe('classifyDialledNumber', () => {
  it.each(cases)('at the %s site reads %s %s as %s %s %s %s', (site, form, number, kind, e164, nation, type) => {
    const result = classifyDialledNumber(number, testSites[site], undefined, form);
    expect({ kind: result.kind, e164: result.e164, nation: result.nation, type: result.destinationType }).toEqual({
      kind,
      e164,
      nation,
      type,
    });
  });

  it('answers unrecognized for feature codes, letters and empty input', () => {
    for (const dialled of ['', '#', '*', '*67', '12*34', 'abc', '+', '++39', '0039', '0'.repeat(40)]) {
      expect(classifyDialledNumber(dialled, milan).kind, JSON.stringify(dialled)).toBe('unrecognized');
    }
  });

  it('keeps the nation of an unrecognized number whose calling code is known', () => {
    const result = classifyDialledNumber('0187', milan);
    expect(result).toMatchObject({ kind: 'unrecognized', e164: '+39187', nation: 'IT', destinationType: 'unknown' });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[+0-9*#]{0,40}$/)),
        fc.constantFrom(milan, london, berlin, newYork),
        (dialled, site) => {
          const result = classifyDialledNumber(dialled, site);
          expect(['emergency', 'internal', 'external', 'unrecognized']).toContain(result.kind);
          if (result.kind === 'external') expect(result.e164).toMatch(/^\+[1-9][0-9]+$/);
        },
      ),
      { numRuns: 5_000 },
    );
    expect(classifyDialledNumber(undefined as unknown as string, milan).kind).toBe('unrecognized');
    expect(classifyDialledNumber('0212345678', undefined as unknown as typeof milan).kind).toBe('unrecognized');
    expect(classifyDialledNumber('0212345678', {} as typeof milan).kind).toBe('unrecognized');
  });

  it('recognises an emergency number before an internal pattern that also matches it', () => {
    expect(milan.internalPatterns.some((p) => new RegExp(p).test('113'))).toBe(true);
    expect(classifyDialledNumber('113', milan).kind).toBe('emergency');
  });

  it('names destinations after the nation and type', () => {
    expect(classifyDialledNumber('03351234567', milan).name).toBe('Italy mobile');
    expect(classifyDialledNumber('90039061234567', london).name).toBe('Italy fixed');
    expect(classifyDialledNumber('000881612345678', milan).name).toBe('International network +881 mobile');
  });

  it('applies the longest override prefix, with its name and type, before libphonenumber', () => {
    const overrides = compileDestinationOverrides([
      { prefix: '+39 02', destinationType: 'special', name: 'Milan zone' },
      { prefix: '+39 02 1234', destinationType: 'premium', name: 'Carrier premium block' },
      { prefix: '+39 187', destinationType: 'special', name: 'Telecom customer service' },
    ]);
    expect(classifyDialledNumber('00212345678', milan, overrides)).toMatchObject({
      kind: 'external',
      destinationType: 'premium',
      name: 'Carrier premium block',
      nation: 'IT',
    });
    expect(classifyDialledNumber('00299999999', milan, overrides)).toMatchObject({
      destinationType: 'special',
      name: 'Milan zone',
    });
    expect(classifyDialledNumber('0187', milan, overrides)).toMatchObject({
      kind: 'external',
      e164: '+39187',
      destinationType: 'special',
    });
    // The same site without overrides is not affected by the memo of another overrides set.
    expect(classifyDialledNumber('00212345678', milan).destinationType).toBe('fixed-local');
  });

  it('gives an unknown type, with its nation, to a number of possible length that no pattern accepts', () => {
    const result = classifyDialledNumber('907700900123', london);
    expect(result).toMatchObject({
      kind: 'external',
      e164: '+447700900123',
      nation: 'GB',
      destinationType: 'unknown',
      name: 'United Kingdom',
    });
  });

  it('reads a number by its form only: the same digits dialled and outpulsed are two different numbers', () => {
    // Both readings of 004930901820 are valid numbers; which one is meant follows from the field, never from trying.
    expect(classifyDialledNumber('004930901820', milan, undefined, 'outpulsed').nation).toBe('DE');
    expect(classifyDialledNumber('004930901820', milan, undefined, 'dialled').nation).toBe('IT');
    expect(classifyDialledNumber('004930901820', milan).nation).toBe('IT');
    expect(classifyDialledNumber('004930901820', milan, undefined, 'outpulsed').nation).toBe('DE');
  });

  it('reads an outpulsed number exactly as the dialled number with the access code in front', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{3,15}$/),
        fc.constantFrom(milan, london, berlin, newYork),
        (digits, site) => {
          const outpulsed = classifyDialledNumber(digits, site, undefined, 'outpulsed');
          const dialled = classifyDialledNumber(site.pstnAccessCode + digits, site, undefined, 'dialled');
          // An internal pattern or an emergency number may match the dialled digits alone; nothing else differs.
          if (dialled.kind === 'internal' || dialled.kind === 'emergency' || outpulsed.kind === 'emergency') return;
          expect([dialled.kind, dialled.e164, dialled.destinationType]).toEqual([
            outpulsed.kind,
            outpulsed.e164,
            outpulsed.destinationType,
          ]);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('does not apply internal patterns to an outpulsed number: it left through the PSTN', () => {
    expect(classifyDialledNumber('1234', milan).kind).toBe('internal');
    expect(classifyDialledNumber('1234', milan, undefined, 'outpulsed').kind).not.toBe('internal');
  });

  it('returns the same answer from its memo as from the first computation', () => {
    const first = classifyDialledNumber('0061234567', milan);
    const second = classifyDialledNumber('0061234567', milan);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('the classification memo', () => {
  it('does not keep alive the long text a remembered number was cut from (a CDR line)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const site = { ...milan };
    gc();
    const before = memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) {
      // A 200 kB line per number: a number cut from it and remembered as it is would keep 20 MB alive.
      const line = `${'x'.repeat(200_000)},00044207${1_000_000 + i},`;
      const number = line.slice(200_001, line.length - 1);
      expect(classifyDialledNumber(number, site).nation).toBe('GB');
      expect(classifyDialledNumber(number.slice(1), site, undefined, 'outpulsed').nation).toBe('GB');
    }
    gc();
    expect(memoryUsage().heapUsed - before).toBeLessThan(8_000_000);
  });

  it('holds a bounded memory however many sites call numbers of their own', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const sites = [{ ...milan }, { ...milan }, { ...milan }];
    gc();
    const before = memoryUsage().heapUsed;
    // 140,000 distinct numbers a site and form fill one site's memos (131,072 slots each, about 64 MB): bounded per
    // site only, three sites held about 190 MB, past the ingest worker's heap limit.
    sites.forEach((site, s) => {
      for (let i = 0; i < 140_000; i++) {
        const number = `44207${1_000_000 + s * 140_000 + i}`;
        expect(classifyDialledNumber(`000${number}`, site).nation).toBe('GB');
        classifyDialledNumber(`00${number}`, site, undefined, 'outpulsed');
      }
    });
    gc();
    expect(memoryUsage().heapUsed - before).toBeLessThan(100_000_000);
    // Every site is still classified right, from the memo or not.
    for (const site of sites) expect(classifyDialledNumber('0004420712345678', site).e164).toBe('+4420712345678');
  }, 60_000);
});
