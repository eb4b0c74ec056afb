import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { callRowColumns, callTextCodeSql, type CallColumn, type CallTextKind } from '../src/store/index.js';
import { callInsertColumns, NATURAL_KEY_POSITIONS, type CallRowValues } from './call-row.js';
import { copyTextRows } from './postgres-copy-text.js';

/**
 * A connection's own staging table for a batch of calls: temporary (no WAL, no
 * other session sees it), emptied at every commit, with the columns of the
 * calls row (call-columns.ts) and the packed detail, so a layout change flows
 * through.
 */
const STAGING = 'calls_staging';
const TYPES: Record<CallColumn['type'], (c: CallColumn) => string> = {
  varchar: (c) => (c.length ? `varchar(${c.length})` : 'text'),
  integer: () => 'integer',
  bigint: () => 'bigint',
  boolean: () => 'boolean',
  real: () => 'real',
};
// A coded column (call-columns.ts) is staged as its text and turned into its code by the merge.
const stagedType = (c: CallColumn) => (c.coded ? TYPES.varchar(c) : TYPES[c.type](c));
const stagingColumns = [...callRowColumns.map((c) => `${c.name} ${stagedType(c)}`), 'detail jsonb'];
const coded = callRowColumns.filter((c) => c.coded);
/** Texts of coded columns no call held before: added to call_texts before the merge reads their codes. */
const addTextsSql = coded.map(
  (c) =>
    `INSERT INTO call_texts (kind, text) SELECT DISTINCT '${c.coded as CallTextKind}', ${c.name} FROM ${STAGING} ` +
    `WHERE ${c.name} <> '' ON CONFLICT DO NOTHING`,
);
const selected = callInsertColumns
  .map((name) => {
    const c = coded.find((k) => k.name === name);
    return c ? `${callTextCodeSql(c.coded as CallTextKind, `s.${name}`)} AS ${name}` : `s.${name}`;
  })
  .join(', ');
/** The natural key as the batch's rows hold it (a coded column's text, not its code). */
const returnedKey = NATURAL_KEY_POSITIONS.map((p) => callInsertColumns[p] as string).map((name) =>
  coded.some((k) => k.name === name) ? `(SELECT ct.text FROM call_texts ct WHERE ct.id = ${name}) AS ${name}` : name,
);
const columns = callInsertColumns.join(', ');
const naturalKey = NATURAL_KEY_POSITIONS.map((p) => callInsertColumns[p] as string);

const createStagingSql =
  `CREATE TEMPORARY TABLE IF NOT EXISTS ${STAGING} (${stagingColumns.join(', ')}) ` + 'ON COMMIT DELETE ROWS';
const copySql = `COPY ${STAGING} (${columns}) FROM STDIN`;
/** Set-wise: a staged call whose natural key is already stored is skipped, and not returned. */
const mergeSql =
  `INSERT INTO calls (${columns}) SELECT ${selected} FROM ${STAGING} s ` +
  `ON CONFLICT (${naturalKey.join(', ')}) DO NOTHING RETURNING id, ${returnedKey.join(', ')}`;

/** Connections (pg clients) whose session has the staging table. */
const prepared = new WeakSet<object>();

/** The pg client of a connected query runner (TypeORM's `databaseConnection`). */
function clientOf(q: QueryRunner): ClientBase {
  return (q as unknown as { databaseConnection: ClientBase }).databaseConnection;
}

/**
 * Creates the staging table in the query runner's session unless it has it.
 * Call it connected and outside a transaction: a rollback would drop the table
 * while the session is remembered as having it.
 */
export async function prepareCallStaging(q: QueryRunner): Promise<void> {
  const client = clientOf(q);
  if (prepared.has(client)) return;
  await q.query(createStagingSql);
  prepared.add(client);
}

/** A stored call: its new id and its natural key's values as PostgreSQL returns them. */
export type MergedCall = Record<string, unknown> & { id: unknown };

/**
 * Inside the caller's transaction: COPY the calls into the staging table, then
 * one INSERT … SELECT into calls. Returns the calls it stored (the others'
 * natural keys were already there). `calls` must hold each natural key once.
 */
export async function mergeCallsThroughStaging(q: QueryRunner, calls: readonly CallRowValues[]): Promise<MergedCall[]> {
  if (calls.length === 0) return [];
  const text = Buffer.from(copyTextRows(calls), 'utf8');
  await pipeline(Readable.from([text]), clientOf(q).query(copyFrom(copySql)));
  for (const sql of addTextsSql) await q.query(sql);
  const result = await q.query(mergeSql, [], true);
  return result.records as MergedCall[];
}

/** The natural key columns, in the order naturalKeyOf joins them. */
export const stagedNaturalKey: readonly string[] = naturalKey;
