import type { AggregateRow } from './build-aggregate-sql.js';
import type { RankMetric } from './report-options-schema.js';

/** The measure a summary ranks its groups by, over the columns of an aggregate row. */
const MEASURE: Record<RankMetric, string> = {
  cost: 'COALESCE(g."costMinor", 0)',
  calls: 'g."calls"',
  duration: 'COALESCE(g."durationSeconds", 0)',
};

/** A row of buildTopGroupsSql: a group (part 0) or the totals of one currency over every group (part 1). */
export interface TopGroupsRow extends AggregateRow {
  part: number | string;
  /** Totals rows: how many groups carry this currency. */
  groupCount: number | string | null;
  /** Totals rows: how many groups mix currencies (then the answer must be asked again, by currency). */
  mixed: number | string | null;
}

/**
 * Of the grouped rows of `aggregateSql` (one row per group, as buildAggregateSql
 * and buildSummaryAggregateSql write them), only the groups whose measure
 * reaches the `top`-th largest (ties kept: ranking them by label stays the
 * caller's), and per currency the totals over every group with their count and
 * how many groups mix currencies. Thousands of groups (a week by extension)
 * then never leave the database; the parameters are the aggregate's.
 */
export function buildTopGroupsSql(aggregateSql: string, rankBy: RankMetric, top: number): string {
  const measure = MEASURE[rankBy];
  const figures = ['calls', 'answered', 'durationSeconds', 'costMinor', 'ratedCalls', 'ringSeconds'];
  const listed = figures.map((f) => `g."${f}"`).join(', ');
  const summed = figures.map((f) => `SUM(g."${f}") AS "${f}"`).join(', ');
  return (
    `WITH g AS MATERIALIZED (${aggregateSql}), ` +
    `cut AS (SELECT ${measure} AS m FROM g ORDER BY 1 DESC LIMIT 1 OFFSET ${top - 1}) ` +
    `SELECT 0 AS "part", g."groupKey", g."lookupLabel", g."currency", g."currencyMax", ` +
    `${listed}, ` +
    `g."external", NULL AS "groupCount", NULL AS "mixed" FROM g ` +
    `WHERE ${measure} >= COALESCE((SELECT m FROM cut), ${measure}) ` +
    `UNION ALL SELECT 1, NULL, NULL, g."currency", NULL, ${summed}, 0, COUNT(*), ` +
    `SUM(CASE WHEN g."currency" <> g."currencyMax" THEN 1 ELSE 0 END) FROM g GROUP BY g."currency"`
  );
}
