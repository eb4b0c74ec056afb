import { BadInputError } from '../errors/index.js';
import { callFieldNames } from './call-fields.js';
import type { NumericComparison, ReportCondition } from './report-options-schema.js';

const SYMBOLS: Record<string, NumericComparison['op']> = {
  '=': 'eq',
  '==': 'eq',
  '!=': 'ne',
  '<>': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};
const WORDS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'startsWith', 'contains']);

/** "<=600", ">= 20", "=0" → a comparison; how people type them on a command line. */
export function parseComparisonText(text: string): NumericComparison {
  const m = /^\s*(<=|>=|<>|!=|==|=|<|>)\s*(-?\d+)\s*$/.exec(text);
  if (!m) throw new BadInputError(`"${text}" is not a comparison (write e.g. ">=20", "<600", "=0")`);
  return { op: SYMBOLS[m[1]!]!, value: Number(m[2]) };
}

/**
 * "number = 006599775544", "or duration >= 20", "and gateway != GW1",
 * "destination startsWith Italy" → a condition; the leading and/or joins it
 * to the one before (and by default).
 */
export function parseConditionText(text: string): Omit<ReportCondition, 'value'> & { value: string } {
  const m = /^\s*(?:(and|or)\s+)?([A-Za-z0-9]+)\s*(<=|>=|<>|!=|==|=|<|>|\s[A-Za-z]+\s)\s*(.*?)\s*$/i.exec(text);
  if (!m)
    throw new BadInputError(`"${text}" is not a condition (write e.g. "number = 006599775544" or "or duration >= 20")`);
  const [, join, field, rawOp, value] = m;
  const symbol = rawOp!.trim();
  const op = SYMBOLS[symbol] ?? (WORDS.has(symbol) ? symbol : undefined);
  if (!op) throw new BadInputError(`"${symbol}" is not an operator (=, !=, <, <=, >, >=, startsWith, contains)`);
  if (!(callFieldNames as readonly string[]).includes(field!))
    throw new BadInputError(`"${field}" is not a call field (${callFieldNames.join(', ')})`);
  return {
    join: (join?.toLowerCase() ?? 'and') as 'and' | 'or',
    field: field as ReportCondition['field'],
    op: op as ReportCondition['op'],
    value: value!.replace(/^"(.*)"$/, '$1'),
  };
}
