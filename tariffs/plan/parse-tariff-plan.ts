import type { z } from 'zod';
import { currencyMinorDigits } from '../money/money-units.js';
import { isTimeZone, zonedClock } from '../zoned-time/zoned-clock.js';
import { compileBands } from './compile-bands.js';
import { compileRows } from './compile-rows.js';
import { planFileSchema, type PlanFile } from './plan-file-schema.js';
import type { PlanProblem } from './plan-problem.js';
import { parseEffectiveDate, parseHoliday } from './plan-values.js';
import { ProblemList } from './problem-list.js';
import type { BandSplit, RoundingRule, TariffPlan } from './tariff-plan.js';
import { parseLocatedYaml, type LocatedYaml, type PathKey } from './yaml-locator.js';

export type ParseTariffPlanResult = { ok: true; plan: TariffPlan } | { ok: false; problems: PlanProblem[] };

const roundings: readonly RoundingRule[] = ['up', 'half-up', 'down'];
const splits: readonly BandSplit[] = ['start', 'split'];

/**
 * Reads one plan file (YAML; format in README "Tariff plans"). Pure: the
 * caller reads the file. Every problem found is returned with its line.
 */
export function parseTariffPlan(text: string, fileName: string): ParseTariffPlanResult {
  const yaml = parseLocatedYaml(text);
  if (yaml.errors.length > 0) {
    return {
      ok: false,
      problems: yaml.errors.map((e) => ({ file: fileName, line: e.line, message: `YAML: ${e.message}` })),
    };
  }
  const problems = new ProblemList(fileName, yaml);
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    return {
      ok: false,
      problems: [{ file: fileName, line: 1, message: 'a plan file is a mapping (id:, carrier:, currency:, … rows:)' }],
    };
  }
  const parsed = planFileSchema.safeParse(yaml.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, yaml, problems);
    return { ok: false, problems: problems.items };
  }
  const plan = compilePlan(parsed.data, { fileName, text }, yaml, problems);
  return plan === undefined || !problems.empty ? { ok: false, problems: problems.items } : { ok: true, plan };
}

function compilePlan(
  file: PlanFile,
  { fileName, text }: { fileName: string; text: string },
  yaml: LocatedYaml,
  problems: ProblemList,
): TariffPlan | undefined {
  const minorDigits = currencyMinorDigits(file.currency);
  if (minorDigits === undefined) problems.at(['currency'], `unknown currency "${file.currency}" (ISO 4217, e.g. EUR)`);
  const zoneOk = isTimeZone(file.timeZone);
  if (!zoneOk) problems.at(['timeZone'], `unknown time zone "${file.timeZone}" (IANA, e.g. Europe/Rome)`);
  const clock = zonedClock(zoneOk ? file.timeZone : 'UTC');
  const instantOf = (local: number) => clock.instantOf(local);
  const from = parseEffectiveDate(file.effectiveFrom, instantOf);
  if (from === undefined)
    problems.at(
      ['effectiveFrom'],
      `"${file.effectiveFrom}" is not a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with optional Z/offset)`,
    );
  const to = file.effectiveTo === undefined ? null : parseEffectiveDate(file.effectiveTo, instantOf);
  if (to === undefined)
    problems.at(
      ['effectiveTo'],
      `"${file.effectiveTo}" is not a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM with optional Z/offset)`,
    );
  if (from !== undefined && to !== undefined && to !== null && to <= from)
    problems.at(['effectiveTo'], 'effectiveTo must be after effectiveFrom');
  const rounding = oneOf(file.rounding ?? 'up', roundings, ['rounding'], problems);
  const bandSplit = oneOf(file.bandSplit ?? 'start', splits, ['bandSplit'], problems);
  const days = new Set<number>();
  const yearly = new Set<number>();
  (file.holidays ?? []).forEach((text, index) => {
    const holiday = parseHoliday(text);
    if (holiday === undefined) problems.at(['holidays', index], `"${text}" is not a date YYYY-MM-DD or a yearly MM-DD`);
    else if ('day' in holiday) days.add(holiday.day);
    else yearly.add(holiday.yearly);
  });
  const { bands, weekBands, weekRunEnds, holidayBands } = compileBands(
    file.bands,
    (name) => yaml.lineOf(['bands', name]),
    problems,
  );
  if (bands.some((b) => b.holidays) && days.size + yearly.size === 0)
    problems.atField(['bands'], 'a holiday band needs a holidays: list');
  const rows = compileRows(file, bands, minorDigits ?? 2, (index) => yaml.lineOf(['rows', index]), problems);
  if (
    !problems.empty ||
    minorDigits === undefined ||
    from === undefined ||
    to === undefined ||
    rounding === undefined ||
    bandSplit === undefined
  )
    return undefined;
  return {
    id: file.id,
    name: file.name ?? file.id,
    description: file.description ?? '',
    carrier: file.carrier,
    carrierKey: file.carrier.trim().toLowerCase(),
    currency: file.currency,
    minorDigits,
    timeZone: file.timeZone,
    effectiveFrom: new Date(from),
    effectiveTo: to === null ? null : new Date(to),
    rounding,
    bandSplit,
    bands,
    holidays: { days, yearly, expanded: expandHolidays(days, yearly) },
    rows: rows.rows,
    fileName,
    source: text,
    lookup: {
      weekBands,
      weekRunEnds,
      holidayBands,
      prefixes: rows.prefixes,
      byNation: rows.byNation,
      defaultMatch: rows.defaultMatch,
      clock,
    },
  };
}

function expandHolidays(days: ReadonlySet<number>, yearly: ReadonlySet<number>): Set<number> {
  const expanded = new Set(days);
  for (let year = 2000; year < 2100; year++) {
    for (const monthDay of yearly) {
      const ms = Date.UTC(year, Math.floor(monthDay / 100) - 1, monthDay % 100);
      // 02-29 only in leap years.
      if (new Date(ms).getUTCDate() === monthDay % 100) expanded.add(ms / 86_400_000);
    }
  }
  return expanded;
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  path: PathKey[],
  problems: ProblemList,
): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.at(path, `"${value}" is not one of ${allowed.join(', ')}`);
  return undefined;
}

function reportIssue(issue: z.core.$ZodIssue, yaml: LocatedYaml, problems: ProblemList): void {
  const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) problems.atKey(path, key, `unknown field "${key}"`);
    return;
  }
  const actual = valueAt(yaml.value, path);
  if (actual === undefined) {
    problems.at(path, 'is required');
  } else if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    const expected = issue.code === 'invalid_type' ? issue.expected : 'a value or a mapping';
    const inWords: Record<string, string> = { string: 'a single value', object: 'a mapping', array: 'a list' };
    problems.at(path, `must be ${inWords[expected] ?? expected}`);
  } else {
    problems.at(path, issue.message);
  }
}

function valueAt(value: unknown, path: readonly PathKey[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathKey, unknown>)[key];
  }
  return node;
}
