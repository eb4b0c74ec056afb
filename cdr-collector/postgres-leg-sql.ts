import { callTextCodeSql } from '../src/call-layout/index.js';
import { outgoingLegSql, qualitySet } from './ingest-sql.js';
import type { LegKey, OutgoingLeg } from './outgoing-legs.js';

/** What a set-wise statement over leg keys runs through: a query with parameters (a data source or a runner). */
export interface Querier {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/** The keys as four parallel arrays, the parameters $1…$4 of `legKeysSql`. */
const legKeyArrays = (keys: readonly LegKey[]): unknown[] => [
  keys.map((k) => k.clusterId),
  keys.map((k) => k.globalCallManagerId),
  keys.map((k) => k.globalCallId),
  keys.map((k) => k.legId),
];
/** The keys ($1…$4) as a relation k(c, m, g, l, i), i their 1-based position. */
const legKeysSql =
  'unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS k(c, m, g, l, i)';
const keyColumn = ['k.c', 'k.m', 'k.g', 'k.l'];

/**
 * The stored outgoing or transit calls of many PSTN legs in ONE statement: the
 * one-key lookup (outgoingLegSql, same plan and same answer per key) run
 * laterally for each key.
 */
const outgoingLegsSql =
  `SELECT k.i, leg.* FROM ${legKeysSql} ` +
  `CROSS JOIN LATERAL (${outgoingLegSql((n) => keyColumn[n - 1] as string)}) AS leg ORDER BY k.i`;

export async function findOutgoingLegsAtOnce(
  db: Querier,
  keys: readonly LegKey[],
): Promise<Array<{ key: LegKey; leg: OutgoingLeg }>> {
  if (keys.length === 0) return [];
  const rows = (await db.query(outgoingLegsSql, legKeyArrays(keys))) as Array<OutgoingLeg & { i: string }>;
  return rows.map(({ i, ...leg }) => ({ key: keys[Number(i) - 1] as LegKey, leg }));
}

/**
 * After CMRs are stored: refreshes the voice quality of every call one of
 * these legs belongs to, in ONE statement (each call once, from all its legs'
 * CMRs, as joinQualityToLegSql does for one leg).
 */
const joinQualityToLegsSql =
  `UPDATE calls SET ${qualitySet} FROM (SELECT DISTINCT c, m, g, l FROM ${legKeysSql}) AS k ` +
  `WHERE calls.cluster_code = ${callTextCodeSql('cluster', 'k.c')} AND ` +
  'calls.global_call_manager_id = k.m AND calls.global_call_id = k.g ' +
  'AND (calls.orig_leg_id = k.l OR calls.dest_leg_id = k.l)';

export async function joinQualityToLegs(db: Querier, legs: readonly LegKey[]): Promise<void> {
  if (legs.length > 0) await db.query(joinQualityToLegsSql, legKeyArrays(legs));
}
