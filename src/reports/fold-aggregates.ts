import type { AggregateRow } from './build-aggregate-sql.js';
import type { RankMetric } from './report-options-schema.js';

/** Traffic and cost of one group (or one trend bucket) in one currency. Money in minor units. */
export interface AggregateFigures {
  currency: string | null;
  calls: number;
  answered: number;
  unanswered: number;
  durationSeconds: number;
  costMinor: number;
  /** Calls that carry a cost; the rest were not rated (internal, incoming, unrecognised). */
  ratedCalls: number;
  /** Cost per rated call, rounded to the minor unit; null when none was rated. */
  averageCostMinor: number | null;
  /** Seconds from start to connection summed over the answered calls (average ring time = ringSeconds / answered). */
  ringSeconds: number;
}

export interface GroupFigures extends AggregateFigures {
  key: string | number | null;
  label: string;
  /**
   * The group is a number some of whose calls were external (only a grouping by number has such groups): masked for
   * viewers without the right.
   */
  external: boolean;
}

const NONE_LABEL = '(none)';

/**
 * Merges the database's (group, currency) rows into one row per group, or one
 * per group and currency when a group really mixes currencies. Calls without a
 * currency (not rated) join their group's only currency row when there is one.
 */
export function foldAggregates(rows: AggregateRow[]): GroupFigures[] {
  const byKey = new Map<string, AggregateRow[]>();
  for (const row of rows) {
    const id = keyId(row.groupKey);
    const group = byKey.get(id);
    if (group) group.push(row);
    else byKey.set(id, [row]);
  }
  const out: GroupFigures[] = [];
  for (const group of byKey.values()) {
    const first = group[0]!;
    const label =
      first.lookupLabel ??
      group.find((r) => r.lookupLabel)?.lookupLabel ??
      (first.groupKey === null ? NONE_LABEL : String(first.groupKey));
    const external = group.some((r) => Number(r.external) === 1);
    for (const figures of mergeCurrencies(group)) out.push({ key: first.groupKey, label, external, ...figures });
  }
  return out;
}

/** Sums rows per currency, folding currency-less rows into the only currency when there is one. */
export function mergeCurrencies(
  rows: Array<Omit<AggregateRow, 'groupKey' | 'lookupLabel' | 'external' | 'currencyMax'>>,
): AggregateFigures[] {
  // Most groups are one row (one currency): thousands of them per report (by extension, by number).
  if (rows.length === 1) return [finish(add(emptyFigures(rows[0]!.currency || null), rows[0]!))];
  const currencies = [...new Set(rows.map((r) => r.currency).filter((c): c is string => !!c))];
  const target = (currency: string | null) => (currency ? currency : currencies.length === 1 ? currencies[0]! : null);
  const sums = new Map<string | null, AggregateFigures>();
  for (const row of rows) {
    const currency = target(row.currency);
    sums.set(currency, add(sums.get(currency) ?? emptyFigures(currency), row));
  }
  return [...sums.values()].map(finish).sort((a, b) => byText(a.currency ?? '', b.currency ?? ''));
}

function add(
  acc: AggregateFigures,
  row: Omit<AggregateRow, 'groupKey' | 'lookupLabel' | 'external' | 'currencyMax'>,
): AggregateFigures {
  acc.calls += Number(row.calls);
  acc.answered += Number(row.answered);
  acc.durationSeconds += Number(row.durationSeconds ?? 0);
  acc.costMinor += Number(row.costMinor ?? 0);
  acc.ratedCalls += Number(row.ratedCalls);
  acc.ringSeconds += Number(row.ringSeconds ?? 0);
  return acc;
}

export function emptyFigures(currency: string | null): AggregateFigures {
  return {
    currency,
    calls: 0,
    answered: 0,
    unanswered: 0,
    durationSeconds: 0,
    costMinor: 0,
    ratedCalls: 0,
    averageCostMinor: null,
    ringSeconds: 0,
  };
}

function finish(f: AggregateFigures): AggregateFigures {
  return {
    ...f,
    unanswered: f.calls - f.answered,
    averageCostMinor: f.ratedCalls ? Math.round(f.costMinor / f.ratedCalls) : null,
  };
}

/** Largest first by the chosen measure, then by label; the first `top` when asked. */
export function rankGroups(groups: GroupFigures[], rankBy: RankMetric, top?: number): GroupFigures[] {
  const measure = (g: GroupFigures) =>
    rankBy === 'cost' ? g.costMinor : rankBy === 'calls' ? g.calls : g.durationSeconds;
  const sorted = [...groups].sort(
    (a, b) => measure(b) - measure(a) || byText(a.label, b.label) || byText(a.currency ?? '', b.currency ?? ''),
  );
  return top ? sorted.slice(0, top) : sorted;
}

/** Totals over every group (not only the top ones), one per currency. */
export function totalsOf(groups: AggregateFigures[]): AggregateFigures[] {
  return mergeCurrencies(
    groups.map((g) => ({
      currency: g.currency,
      calls: g.calls,
      answered: g.answered,
      durationSeconds: g.durationSeconds,
      costMinor: g.costMinor,
      ratedCalls: g.ratedCalls,
      ringSeconds: g.ringSeconds,
    })),
  );
}

/** Code-point order: stable across locales, and far cheaper than localeCompare over thousands of groups. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyId(key: string | number | null): string {
  return key === null ? '\u0000null' : String(key);
}
