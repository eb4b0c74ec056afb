import {
  checkLengthIn,
  numberTypeIn,
  numberingPlanOfCountry,
  numberingPlansOfCallingCode,
  type CompiledNumberingPlan,
  type LibNumberType,
} from './numbering-plans.js';

/** Where an E.164 number belongs according to libphonenumber's metadata. */
export interface NumberPlacement {
  e164: string;
  callingCode: string;
  nationalNumber: string;
  /** ISO alpha-2; null for non-geographic calling codes (+800, +881…). */
  nation: string | null;
  /** Undefined when the number matches no type (then it is not valid). */
  libType: LibNumberType | undefined;
  /** The length fits the plan (a number can be possible but not valid). */
  possible: boolean;
}

/**
 * Places an E.164 number (`+` then digits): calling code, nation and type,
 * following libphonenumber's own rules (country by leading digits, else the
 * first country whose patterns accept the number). When no country of a shared
 * calling code accepts it, the code's main country is given (with no type).
 * Undefined when the calling code does not exist.
 */
export function placeE164(e164: string): NumberPlacement | undefined {
  if (e164.charCodeAt(0) !== 43 || e164.charCodeAt(1) === 48) return undefined;
  for (let end = 2; end <= 4 && end < e164.length; end++) {
    const callingCode = e164.slice(1, end);
    const plans = numberingPlansOfCallingCode(callingCode);
    if (plans === undefined) continue;
    // libphonenumber also drops a national prefix written after the calling code ("+44 (0)20…").
    const nationalNumber = extractNationalNumber(e164.slice(end), plans[0] as CompiledNumberingPlan);
    return placeIn(plans, `+${callingCode}${nationalNumber}`, callingCode, nationalNumber);
  }
  return undefined;
}

function placeIn(
  plans: readonly CompiledNumberingPlan[],
  e164: string,
  callingCode: string,
  nationalNumber: string,
): NumberPlacement {
  const main = plans[0] as CompiledNumberingPlan;
  if (plans.length === 1) return placement(main, e164, callingCode, nationalNumber, numberTypeIn(main, nationalNumber));
  for (const plan of plans) {
    if (plan.leadingDigits !== null) {
      if (plan.leadingDigits.test(nationalNumber))
        return placement(plan, e164, callingCode, nationalNumber, numberTypeIn(plan, nationalNumber));
      continue;
    }
    const type = numberTypeIn(plan, nationalNumber);
    if (type !== undefined) return placement(plan, e164, callingCode, nationalNumber, type);
  }
  return placement(main, e164, callingCode, nationalNumber, undefined);
}

function placement(
  plan: CompiledNumberingPlan,
  e164: string,
  callingCode: string,
  nationalNumber: string,
  libType: LibNumberType | undefined,
): NumberPlacement {
  return {
    e164,
    callingCode,
    nationalNumber,
    nation: plan.nation,
    libType,
    possible: checkLengthIn(plan, nationalNumber) === 'possible',
  };
}

/**
 * Turns a number in a country's national form into E.164, stripping the
 * national prefix the way libphonenumber does (Italy keeps its leading 0; the
 * UK and Germany drop it; the US drops a leading 1). Undefined for an unknown
 * country or a number that is not all digits.
 */
export function nationalToE164(digits: string, country: string): string | undefined {
  const plan = numberingPlanOfCountry(country);
  if (plan === undefined || digits === '' || !/^[0-9]+$/.test(digits)) return undefined;
  return `+${plan.callingCode}${extractNationalNumber(digits, plan)}`;
}

/** libphonenumber's extractNationalNumber (national prefix for parsing, transform rule, sanity checks). */
function extractNationalNumber(number: string, plan: CompiledNumberingPlan): string {
  const prefix = plan.nationalPrefixForParsing;
  if (prefix === null) return number;
  const match = prefix.exec(number);
  if (match === null) return number;
  const groups = match.length - 1;
  const hasGroups = groups > 0 && Boolean(match[groups]);
  const national =
    plan.nationalPrefixTransformRule !== null && hasGroups
      ? number.replace(prefix, plan.nationalPrefixTransformRule)
      : number.slice(match[0].length);
  if (national === number) return number;
  if (plan.nationalPattern.test(number) && !plan.nationalPattern.test(national)) return number;
  const length = checkLengthIn(plan, national);
  if (length === 'too-short' || length === 'invalid-length') return number;
  return national;
}
