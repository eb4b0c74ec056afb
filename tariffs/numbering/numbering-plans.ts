import metadataJson from 'libphonenumber-js/max/metadata';
import { Metadata } from 'libphonenumber-js/core';

/** libphonenumber's number types, as its metadata names them. */
export type LibNumberType =
  | 'FIXED_LINE'
  | 'MOBILE'
  | 'FIXED_LINE_OR_MOBILE'
  | 'TOLL_FREE'
  | 'PREMIUM_RATE'
  | 'SHARED_COST'
  | 'VOIP'
  | 'PERSONAL_NUMBER'
  | 'PAGER'
  | 'UAN'
  | 'VOICEMAIL';

interface CompiledType {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

/**
 * One numbering plan (a country, or a non-geographic calling code such as
 * +881) with libphonenumber's patterns compiled once. libphonenumber-js builds
 * a new RegExp on every test; compiling them here is what makes placing a
 * number take about a microsecond instead of tens.
 */
export interface CompiledNumberingPlan {
  /** ISO 3166 alpha-2, or null for a non-geographic calling code. */
  nation: string | null;
  callingCode: string;
  nationalPattern: RegExp;
  possibleLengths: readonly number[] | undefined;
  leadingDigits: RegExp | null;
  hasTypes: boolean;
  types: ReadonlyMap<LibNumberType, CompiledType>;
  /** A MOBILE type exists but with an empty pattern (fixed and mobile cannot be told apart). */
  mobileUnknowable: boolean;
  hasMobileType: boolean;
  nationalPrefixForParsing: RegExp | null;
  nationalPrefixTransformRule: string | null;
}

// The parts of libphonenumber-js's Metadata class we read; its published types
// declare only selectNumberingPlan, the rest is its documented METADATA.md API.
interface LibType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface LibPlan {
  callingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(type: LibNumberType): LibType | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
}
interface LibMetadata {
  selectNumberingPlan(countryOrCallingCode: string): void;
  numberingPlan: LibPlan;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  nonGeographic(): Record<string, unknown> | undefined;
  hasCountry(country: string): boolean;
}

const typeOrder: readonly LibNumberType[] = [
  'FIXED_LINE',
  'MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

const library = new Metadata(metadataJson) as unknown as LibMetadata;
const compiled = new Map<string, CompiledNumberingPlan>();

function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function compile(key: string, nation: string | null): CompiledNumberingPlan {
  library.selectNumberingPlan(key);
  const plan = library.numberingPlan;
  const types = new Map<LibNumberType, CompiledType>();
  let mobileUnknowable = false;
  let hasMobileType = false;
  if (plan.hasTypes()) {
    for (const name of typeOrder) {
      const type = plan.type(name);
      if (type === undefined) continue;
      if (name === 'MOBILE') {
        hasMobileType = true;
        if (type.pattern() === '') mobileUnknowable = true;
      }
      if (!type.pattern()) continue;
      types.set(name, { pattern: whole(type.pattern()), lengths: type.possibleLengths() });
    }
  }
  const leading = plan.leadingDigits();
  const npfp = plan.nationalPrefixForParsing();
  return {
    nation,
    callingCode: plan.callingCode(),
    nationalPattern: whole(plan.nationalNumberPattern()),
    possibleLengths: plan.possibleLengths(),
    leadingDigits: leading ? new RegExp(`^(?:${leading})`) : null,
    hasTypes: plan.hasTypes(),
    types,
    mobileUnknowable,
    hasMobileType,
    nationalPrefixForParsing: npfp ? new RegExp(`^(?:${npfp})`) : null,
    nationalPrefixTransformRule: plan.nationalPrefixTransformRule() || null,
  };
}

/** The compiled plan of a country (ISO alpha-2), or undefined when libphonenumber does not know it. */
export function numberingPlanOfCountry(country: string): CompiledNumberingPlan | undefined {
  let plan = compiled.get(country);
  if (plan === undefined) {
    if (!/^[A-Z]{2}$/.test(country) || !library.hasCountry(country)) return undefined;
    plan = compile(country, country);
    compiled.set(country, plan);
  }
  return plan;
}

/** The candidate plans for a calling code, main country first; non-geographic codes give one plan with no nation. */
export function numberingPlansOfCallingCode(callingCode: string): readonly CompiledNumberingPlan[] | undefined {
  const key = `+${callingCode}`;
  const cached = callingCodePlans.get(key);
  if (cached !== undefined) return cached;
  const countries = library.getCountryCodesForCallingCode(callingCode);
  let plans: CompiledNumberingPlan[] | undefined;
  if (countries !== undefined) {
    plans = countries
      .map((country) => numberingPlanOfCountry(country))
      .filter((p): p is CompiledNumberingPlan => p !== undefined);
  } else if (library.nonGeographic()?.[callingCode] !== undefined) {
    plans = [compile(callingCode, null)];
  }
  if (plans !== undefined && plans.length > 0) {
    callingCodePlans.set(key, plans);
    return plans;
  }
  return undefined;
}

const callingCodePlans = new Map<string, CompiledNumberingPlan[]>();

/** libphonenumber's getNumberType, on compiled patterns. */
export function numberTypeIn(plan: CompiledNumberingPlan, nationalNumber: string): LibNumberType | undefined {
  if (!plan.nationalPattern.test(nationalNumber)) return undefined;
  if (isType(plan, 'FIXED_LINE', nationalNumber)) {
    if (plan.mobileUnknowable || !plan.hasMobileType || isType(plan, 'MOBILE', nationalNumber))
      return 'FIXED_LINE_OR_MOBILE';
    return 'FIXED_LINE';
  }
  for (let i = 1; i < typeOrder.length; i++) {
    const name = typeOrder[i] as LibNumberType;
    if (isType(plan, name, nationalNumber)) return name;
  }
  return undefined;
}

function isType(plan: CompiledNumberingPlan, name: LibNumberType, nationalNumber: string): boolean {
  const type = plan.types.get(name);
  if (type === undefined) return false;
  if (type.lengths !== undefined && !type.lengths.includes(nationalNumber.length)) return false;
  return type.pattern.test(nationalNumber);
}

/** libphonenumber's validity rule: a known type, or the national pattern where the plan lists no types. */
export function isValidIn(plan: CompiledNumberingPlan, nationalNumber: string): boolean {
  return plan.hasTypes ? numberTypeIn(plan, nationalNumber) !== undefined : plan.nationalPattern.test(nationalNumber);
}

export type LengthCheck = 'possible' | 'too-short' | 'too-long' | 'invalid-length';

/** libphonenumber's checkNumberLength for any type. */
export function checkLengthIn(plan: CompiledNumberingPlan, nationalNumber: string): LengthCheck {
  const lengths = plan.possibleLengths;
  if (lengths === undefined || lengths.length === 0) return 'possible';
  const length = nationalNumber.length;
  const min = lengths[0] as number;
  if (min === length) return 'possible';
  if (min > length) return 'too-short';
  if ((lengths[lengths.length - 1] as number) < length) return 'too-long';
  return lengths.includes(length) ? 'possible' : 'invalid-length';
}
