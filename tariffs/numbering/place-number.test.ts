import fc from 'fast-check';
import { getCountries, getExampleNumber, parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { nationalToE164, placeE164 } from './place-number.js';

// placeE164 re-implements libphonenumber-js's placement on precompiled patterns;
// these tests hold it to libphonenumber's own answers.
interface View {
  e164: string;
  country: string | null;
  type: string | null;
  possible: boolean;
}

function libraryView(e164: string): View | undefined {
  try {
    const parsed = parsePhoneNumber(e164);
    return {
      e164: parsed.number,
      country: parsed.country ?? null,
      type: parsed.getType() ?? null,
      possible: parsed.isPossible(),
    };
  } catch {
    return undefined; // too short, too long or no such calling code
  }
}

function ourView(e164: string): View | undefined {
  const placed = placeE164(e164);
  if (placed === undefined) return undefined;
  return { e164: placed.e164, country: placed.nation, type: placed.libType ?? null, possible: placed.possible };
}

/**
 * Both agree on number, type and length; on the country too, unless libphonenumber names none (we name the calling
 * code's main country).
 */
function expectAgreement(e164: string): void {
  const theirs = libraryView(e164);
  const ours = ourView(e164);
  if (theirs === undefined) {
    expect(ours === undefined || (ours.type === null && !ours.possible), e164).toBe(true);
    return;
  }
  expect(ours, e164).toBeDefined();
  expect({ ...ours, country: theirs.country === null ? null : ours?.country }, e164).toEqual(theirs);
}

const countries = getCountries().filter((c) => getExampleNumber(c, examples) !== undefined);

describe('placeE164', () => {
  it("agrees with libphonenumber-js on every country's example mobile number", () => {
    for (const country of countries) {
      expectAgreement(getExampleNumber(country, examples)?.number as string);
    }
  });

  it('agrees with libphonenumber-js on mutated numbers of every country (type, country, possible length)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 0, max: 6 }),
        (country, digits, keep) => {
          const example = getExampleNumber(country, examples);
          if (example === undefined) return;
          const national = (example.nationalNumber.slice(0, keep) + digits.join('')).slice(0, 14);
          expectAgreement(`+${example.countryCallingCode}${national}`);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('places well-known numbers of the four sample countries', () => {
    const cases: Array<[string, string | null, string | undefined]> = [
      ['+390212345678', 'IT', 'FIXED_LINE'],
      ['+393351234567', 'IT', 'MOBILE'],
      ['+39800123456', 'IT', 'TOLL_FREE'],
      ['+442071234567', 'GB', 'FIXED_LINE'],
      ['+448001111', 'GB', 'TOLL_FREE'],
      ['+4930123456', 'DE', 'FIXED_LINE'],
      ['+4915112345678', 'DE', 'MOBILE'],
      ['+12125551234', 'US', 'FIXED_LINE_OR_MOBILE'],
      ['+14165551234', 'CA', 'FIXED_LINE_OR_MOBILE'],
      ['+881612345678', null, 'MOBILE'],
    ];
    for (const [e164, nation, type] of cases) {
      const placed = placeE164(e164);
      expect([placed?.nation, placed?.libType], e164).toEqual([nation, type]);
    }
  });

  it('drops a national prefix written after the calling code, as libphonenumber does', () => {
    expect(placeE164('+4402071234567')?.e164).toBe('+442071234567');
    expect(placeE164('+390212345678')?.e164).toBe('+390212345678');
  });

  it('answers undefined for calling codes that do not exist and for non-E.164 text', () => {
    for (const text of ['+999123456', '+0123', '12345', '', '+']) expect(placeE164(text), text).toBeUndefined();
  });
});

describe('nationalToE164', () => {
  it("agrees with libphonenumber-js on every country's example number written nationally", () => {
    for (const country of countries) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      const national = example.format('NATIONAL').replace(/[^0-9]/g, '');
      const theirs = parsePhoneNumber(national, { defaultCountry: country as CountryCode });
      // libphonenumber also reads the country's international dialling prefix; sites give theirs in config.
      if (!theirs.number.startsWith(`+${example.countryCallingCode}`)) continue;
      expect(nationalToE164(national, country), `${country} ${national}`).toBe(theirs.number);
    }
  });

  it("keeps Italy's leading zero and drops the trunk prefix elsewhere", () => {
    expect(nationalToE164('0212345678', 'IT')).toBe('+390212345678');
    expect(nationalToE164('02071234567', 'GB')).toBe('+442071234567');
    expect(nationalToE164('030123456', 'DE')).toBe('+4930123456');
    expect(nationalToE164('12125551234', 'US')).toBe('+12125551234');
    expect(nationalToE164('2125551234', 'US')).toBe('+12125551234');
  });

  it('answers undefined for unknown countries and non-digits', () => {
    expect(nationalToE164('0212345678', 'XX')).toBeUndefined();
    expect(nationalToE164('02-12', 'IT')).toBeUndefined();
    expect(nationalToE164('', 'IT')).toBeUndefined();
  });
});
