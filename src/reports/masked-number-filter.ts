import { BadInputError } from '../errors/index.js';
import { callFields, externalNumberSql, type CallFieldName, type NumberSide } from './call-fields.js';
import type { ReportOptions } from './report-options-schema.js';
import { startsWithSql, type SqlParams } from './sql-dialect.js';

/**
 * The rule that keeps masked digits hidden: for a viewer who sees external
 * numbers masked, a report may select on a number only by its leading digits,
 * and an external number matches only when at least `maskDigits` digits follow
 * the prefix (the prefix lies in the part the viewer sees). Equality, "not
 * equal", "contains" and sorting by a number are refused: each would answer
 * a question about the hidden digits. Grouping by number groups by the masked
 * form (report-service).
 */
export function assertFilterFitsMasking(options: ReportOptions, maskDigits: number): void {
  const refuse = (what: string) => {
    throw new BadInputError(
      `numbers are shown to you without their last ${maskDigits} digits, so a report cannot ${what}; ` +
        'select numbers with "starts with" and their visible leading digits',
    );
  };
  if (options.number && options.number.match !== 'startsWith') refuse('match a number exactly');
  for (const c of options.conditions ?? []) {
    if (isNumberField(c.field) && c.op !== 'startsWith') refuse(`compare ${c.field} with "${c.op}"`);
  }
  for (const s of options.sort ?? []) if (isNumberField(s.field)) refuse(`be sorted by ${s.field}`);
}

export function isNumberField(name: CallFieldName): boolean {
  return 'side' in callFields[name];
}

/**
 * `expr` (a number of `side`) starts with `prefix`; with `maskDigits`, an
 * external number also needs that many digits after the prefix, so the match
 * never depends on a hidden digit.
 */
export function numberStartsWithSql(
  params: SqlParams,
  expr: string,
  side: NumberSide,
  prefix: string,
  maskDigits = 0,
): string {
  const starts = startsWithSql(params, expr, prefix);
  if (maskDigits <= 0) return starts;
  const rest = `SUBSTR(${expr}, ${params.add([...prefix].length + 1)})`;
  const digitsFollow =
    params.dialect === 'sqlite'
      ? `${rest} GLOB ${params.add(`*${'[0-9]*'.repeat(maskDigits)}`)}`
      : `${rest} ~ ${params.add(`([0-9].*){${maskDigits}}`)}`;
  return `(${starts} AND (NOT (${externalNumberSql(side)}) OR ${digitsFollow}))`;
}
