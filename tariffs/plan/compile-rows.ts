import { DigitTrie } from '../digit-trie.js';
import { destinationTypes, type DestinationType } from '../destination-type.js';
import { FINE_DIGITS } from '../money/money-units.js';
import { numberingPlanOfCountry } from '../numbering/numbering-plans.js';
import { parseBoolean } from './compile-bands.js';
import { parseAmount, parseIncrements } from './plan-values.js';
import type { PlanFile, RowFile } from './plan-file-schema.js';
import type { ProblemList } from './problem-list.js';
import type { RowMatch, TariffRow, TimeBand } from './tariff-plan.js';

const rowTypes = destinationTypes.filter((t) => t !== 'internal' && t !== 'emergency');
const MAX_FINE = 1e12;

export interface CompiledRows {
  rows: TariffRow[];
  prefixes: DigitTrie<RowMatch>;
  byNation: Map<string, Map<string, RowMatch>>;
  defaultMatch: RowMatch | undefined;
}

/** Checks and compiles the rows; duplicates (same prefix, nation+type, id, or two defaults) are problems. */
export function compileRows(
  plan: PlanFile,
  bands: readonly TimeBand[],
  minorDigits: number,
  lineOf: (index: number) => number,
  problems: ProblemList,
): CompiledRows {
  const prefixes = new DigitTrie<RowMatch>();
  const byNation = new Map<string, Map<string, RowMatch>>();
  const ids = new Map<string, number>();
  let defaultRow: TariffRow | undefined;
  const rows: TariffRow[] = [];
  plan.rows.forEach((raw, index) => {
    const row = compileRow(raw, index, plan, bands, minorDigits, lineOf(index), problems);
    if (row === undefined) return;
    const at = ['rows', index];
    const sameId = ids.get(row.id);
    if (sameId !== undefined) problems.at([...at, 'id'], `id "${row.id}" is already used by row ${sameId + 1}`);
    ids.set(row.id, index);
    if (row.prefix !== undefined) {
      const previous = prefixes.set(row.prefix, Object.freeze({ row, matchedBy: 'prefix' }));
      if (previous !== undefined)
        problems.at([...at, 'prefix'], `prefix +${row.prefix} is already priced by row ${previous.row?.id}`);
    }
    for (const nation of row.nations) {
      let types = byNation.get(nation);
      if (types === undefined) byNation.set(nation, (types = new Map()));
      for (const type of row.types.length === 0 ? [''] : row.types) {
        const previous = types.get(type);
        if (previous !== undefined)
          problems.at(at, `${nation} ${type || '(any type)'} is already priced by row ${previous.row?.id}`);
        types.set(type, Object.freeze({ row, matchedBy: type === '' ? 'nation' : 'nation-type' }));
      }
    }
    if (row.isDefault) {
      if (defaultRow !== undefined) problems.at([...at, 'default'], `row ${defaultRow.id} is already the default row`);
      defaultRow = row;
    }
    rows.push(row);
  });
  return {
    rows,
    prefixes,
    byNation,
    defaultMatch: defaultRow === undefined ? undefined : Object.freeze({ row: defaultRow, matchedBy: 'default' }),
  };
}

function compileRow(
  raw: RowFile,
  index: number,
  plan: PlanFile,
  bands: readonly TimeBand[],
  minorDigits: number,
  line: number,
  problems: ProblemList,
): TariffRow | undefined {
  const at = (field: string) => ['rows', index, field];
  const before = problems.items.length;
  const isDefault = raw.default === undefined ? false : parseBoolean(raw.default);
  if (isDefault === undefined) problems.at(at('default'), `"${raw.default}" is not true or false`);
  const ways = [raw.prefix !== undefined, raw.nation !== undefined, isDefault === true].filter(Boolean).length;
  if (ways !== 1)
    problems.at(['rows', index], 'give exactly one of prefix, nation (with an optional type) or default: true');
  if (raw.type !== undefined && raw.nation === undefined) problems.at(at('type'), 'type only goes with nation');

  let prefix: string | undefined;
  if (raw.prefix !== undefined) {
    const compact = raw.prefix.replace(/ /g, '');
    if (/^\+[1-9][0-9]{0,14}$/.test(compact)) prefix = compact.slice(1);
    else problems.at(at('prefix'), `bad prefix "${raw.prefix}": write + then digits, e.g. "+39 02"`);
  }
  const nations: string[] = [];
  for (const nation of list(raw.nation)) {
    const code = nation.toUpperCase();
    if (/^[A-Z]{2}$/.test(code) && numberingPlanOfCountry(code) !== undefined) nations.push(code);
    else problems.at(at('nation'), `unknown nation "${nation}" (ISO 3166 alpha-2, e.g. IT)`);
  }
  const types: DestinationType[] = [];
  for (const type of list(raw.type)) {
    if (type === 'fixed') types.push('fixed-local', 'fixed-national');
    else if ((rowTypes as readonly string[]).includes(type)) types.push(type as DestinationType);
    else problems.at(at('type'), `unknown destination type "${type}" (one of fixed, ${rowTypes.join(', ')})`);
  }

  const fineScale = minorDigits + FINE_DIGITS;
  const ratesFine: number[] = [];
  if (typeof raw.perMinute === 'string') {
    const rate = parseAmount(raw.perMinute, fineScale, MAX_FINE, at('perMinute'), problems);
    for (let i = 0; i < bands.length; i++) ratesFine.push(rate ?? 0);
  } else {
    const given = raw.perMinute;
    for (const name of Object.keys(given)) {
      if (!bands.some((b) => b.name === name))
        problems.atKey(
          at('perMinute'),
          name,
          `no band named "${name}" (bands: ${bands.map((b) => b.name).join(', ')})`,
        );
    }
    for (const band of bands) {
      const value = given[band.name];
      if (value === undefined) problems.at(at('perMinute'), `no rate for band ${band.name}`);
      else ratesFine.push(parseAmount(value, fineScale, MAX_FINE, [...at('perMinute'), band.name], problems) ?? 0);
    }
  }
  const field = (
    name: 'connectFee' | 'increments' | 'minimum' | 'maximum',
  ): { text: string; path: Array<string | number> } | undefined => {
    if (raw[name] !== undefined) return { text: raw[name], path: at(name) };
    const fallback = plan.defaults?.[name];
    return fallback !== undefined ? { text: fallback, path: ['defaults', name] } : undefined;
  };
  const connectFee = field('connectFee');
  const connectFeeFine =
    connectFee === undefined ? 0 : parseAmount(connectFee.text, fineScale, MAX_FINE, connectFee.path, problems);
  const incrementsField = field('increments');
  const increments =
    incrementsField === undefined
      ? { initial: 60, subsequent: 60 }
      : parseIncrements(incrementsField.text, incrementsField.path, problems);
  const minimum = field('minimum');
  const minimumMinor =
    minimum === undefined ? 0 : parseAmount(minimum.text, minorDigits, MAX_FINE, minimum.path, problems);
  const maximum = field('maximum');
  const maximumMinor =
    maximum === undefined ? null : parseAmount(maximum.text, minorDigits, MAX_FINE, maximum.path, problems);
  if (
    maximumMinor !== undefined &&
    maximumMinor !== null &&
    minimumMinor !== undefined &&
    maximumMinor < minimumMinor
  ) {
    problems.at(maximum?.path ?? at('maximum'), 'maximum is below minimum');
  }
  if (
    problems.items.length > before ||
    connectFeeFine === undefined ||
    increments === undefined ||
    minimumMinor === undefined ||
    maximumMinor === undefined
  ) {
    return undefined;
  }
  return {
    id: raw.id,
    name: raw.name,
    line,
    prefix,
    nations,
    types,
    isDefault: isDefault === true,
    connectFeeFine,
    ratesFine,
    initialSeconds: increments.initial,
    subsequentSeconds: increments.subsequent,
    minimumMinor,
    maximumMinor,
  };
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : value.split(',');
  return items.map((v) => v.trim()).filter((v) => v !== '');
}
