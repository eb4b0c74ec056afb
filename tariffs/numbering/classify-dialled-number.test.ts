import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSites } from '../testing/test-sites.js';
import { classifyDialledNumber } from './classify-dialled-number.js';
import { compileDestinationOverrides } from './destination-overrides.js';

type Case = [site: keyof typeof testSites, dialled: string, kind: string, e164: string | undefined, nation: string | undefined, type: string];

const { milan, london, berlin, newYork } = testSites;

const cases: Case[] = [
  // Milan: access code 0, closed dialling (no area code), local = +3902
  ['milan', '0212345678', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', '00212345678', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', '0061234567', 'external', '+39061234567', 'IT', 'fixed-national'],
  ['milan', '03351234567', 'external', '+393351234567', 'IT', 'mobile'],
  ['milan', '3351234567', 'external', '+393351234567', 'IT', 'mobile'],
  ['milan', '0800123456', 'external', '+39800123456', 'IT', 'toll-free'],
  ['milan', '0899123456', 'external', '+39899123456', 'IT', 'premium'],
  ['milan', '000442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['milan', '+442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['milan', '00881612345678', 'external', '+881612345678', undefined, 'mobile'],
  ['milan', '0212345678#', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', '02 1234 5678', 'external', '+390212345678', 'IT', 'fixed-local'],
  ['milan', '112', 'emergency', undefined, 'IT', 'emergency'],
  ['milan', '0112', 'emergency', undefined, 'IT', 'emergency'],
  ['milan', '1234', 'internal', undefined, undefined, 'internal'],
  // London: access code 9, area code 020
  ['london', '971234567', 'external', '+442071234567', 'GB', 'fixed-local'],
  ['london', '902071234567', 'external', '+442071234567', 'GB', 'fixed-local'],
  ['london', '901611234567', 'external', '+441611234567', 'GB', 'fixed-national'],
  ['london', '907400123456', 'external', '+447400123456', 'GB', 'mobile'],
  ['london', '908001111', 'external', '+448001111', 'GB', 'toll-free'],
  ['london', '90039061234567', 'external', '+39061234567', 'IT', 'fixed-national'],
  ['london', '999', 'emergency', undefined, 'GB', 'emergency'],
  ['london', '9999', 'emergency', undefined, 'GB', 'emergency'],
  ['london', '2345', 'internal', undefined, undefined, 'internal'],
  // Berlin: access code 0, area code 030
  ['berlin', '01234567', 'external', '+49301234567', 'DE', 'fixed-local'],
  ['berlin', '00301234567', 'external', '+49301234567', 'DE', 'fixed-local'],
  ['berlin', '0089123456', 'external', '+4989123456', 'DE', 'fixed-national'],
  ['berlin', '0015112345678', 'external', '+4915112345678', 'DE', 'mobile'],
  ['berlin', '0080012345678', 'external', '+4980012345678', 'DE', 'toll-free'],
  ['berlin', '0110', 'emergency', undefined, 'DE', 'emergency'],
  // New York: access code 9, national prefix 1, international 011, area code 212
  ['newYork', '95551234', 'external', '+12125551234', 'US', 'fixed-local'],
  ['newYork', '92125551234', 'external', '+12125551234', 'US', 'fixed-local'],
  ['newYork', '916175551234', 'external', '+16175551234', 'US', 'fixed-national'],
  ['newYork', '918005551234', 'external', '+18005551234', 'US', 'toll-free'],
  ['newYork', '919005551234', 'external', '+19005551234', 'US', 'premium'],
  ['newYork', '94165551234', 'external', '+14165551234', 'CA', 'fixed-national'],
  ['newYork', '9011442071234567', 'external', '+442071234567', 'GB', 'fixed-national'],
  ['newYork', '9911', 'emergency', undefined, 'US', 'emergency'],
  ['newYork', '911', 'emergency', undefined, 'US', 'emergency'],
];

describe('classifyDialledNumber', () => {
  it.each(cases)('at the %s site reads %s as %s %s %s %s', (site, dialled, kind, e164, nation, type) => {
    const result = classifyDialledNumber(dialled, testSites[site]);
    expect({ kind: result.kind, e164: result.e164, nation: result.nation, type: result.destinationType }).toEqual({ kind, e164, nation, type });
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
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[+0-9*#]{0,40}$/)), fc.constantFrom(milan, london, berlin, newYork), (dialled, site) => {
        const result = classifyDialledNumber(dialled, site);
        expect(['emergency', 'internal', 'external', 'unrecognized']).toContain(result.kind);
        if (result.kind === 'external') expect(result.e164).toMatch(/^\+[1-9][0-9]+$/);
      }),
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
    expect(classifyDialledNumber('00881612345678', milan).name).toBe('International network +881 mobile');
  });

  it('applies the longest override prefix, with its name and type, before libphonenumber', () => {
    const overrides = compileDestinationOverrides([
      { prefix: '+39 02', destinationType: 'special', name: 'Milan zone' },
      { prefix: '+39 02 1234', destinationType: 'premium', name: 'Carrier premium block' },
      { prefix: '+39 187', destinationType: 'special', name: 'Telecom customer service' },
    ]);
    expect(classifyDialledNumber('0212345678', milan, overrides)).toMatchObject({ kind: 'external', destinationType: 'premium', name: 'Carrier premium block', nation: 'IT' });
    expect(classifyDialledNumber('0299999999', milan, overrides)).toMatchObject({ destinationType: 'special', name: 'Milan zone' });
    expect(classifyDialledNumber('0187', milan, overrides)).toMatchObject({ kind: 'external', e164: '+39187', destinationType: 'special' });
    // The same site without overrides is not affected by the memo of another overrides set.
    expect(classifyDialledNumber('0212345678', milan).destinationType).toBe('fixed-local');
  });

  it('gives an unknown type, with its nation, to a number of possible length that no pattern accepts', () => {
    const result = classifyDialledNumber('907700900123', london);
    expect(result).toMatchObject({ kind: 'external', e164: '+447700900123', nation: 'GB', destinationType: 'unknown', name: 'United Kingdom' });
  });

  it('returns the same answer from its memo as from the first computation', () => {
    const first = classifyDialledNumber('0061234567', milan);
    const second = classifyDialledNumber('0061234567', milan);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
