import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { callStoredRowColumns, type CallColumn } from '../src/call-layout/index.js';
import { callInsertColumns, NATURAL_KEY_POSITIONS, type CallRowValues } from './call-row.js';
import { createCopyTextWriter } from './postgres-copy-text.js';

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
const stagingColumns = [...callStoredRowColumns.map((c) => `${c.name} ${TYPES[c.type](c)}`), 'detail jsonb'];
const columns = callInsertColumns.join(', ');
const naturalKey = NATURAL_KEY_POSITIONS.map((p) => callInsertColumns[p] as string);

const createStagingSql =
  `CREATE TEMPORARY TABLE IF NOT EXISTS ${STAGING} (${stagingColumns.join(', ')}) ` + 'ON COMMIT DELETE ROWS';
const copySql = `COPY ${STAGING} (${columns}) FROM STDIN`;
const copyStraightSql = `COPY calls (id, ${columns}) FROM STDIN`;
/**
 * `$1` new call ids from the calls' sequence, in one text. The sequence is looked up once, not per id: `OFFSET 0`
 * keeps the planner from pulling the sub-select up into the id's expression, where the catalog look-up ran for
 * every id (4.8 µs an id instead of 0.9 here, a tenth of the server's work for a batch; issue 18).
 */
export const drawCallIdsSql =
  "SELECT string_agg(nextval(s)::text, ',') AS ids FROM (SELECT pg_get_serial_sequence('calls', 'id')::regclass " +
  'AS s OFFSET 0) seq, generate_series(1, $1)';
const UNIQUE_VIOLATION = '23505';
/** Set-wise: a staged call whose natural key is already stored is skipped, and not returned. */
const mergeSql =
  `INSERT INTO calls (${columns}) SELECT ${columns} FROM ${STAGING} ` +
  `ON CONFLICT (${naturalKey.join(', ')}) DO NOTHING RETURNING id, ${naturalKey.join(', ')}`;

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
  await copyIn(clientOf(q), copySql, calls);
  const result = await q.query(mergeSql, [], true);
  return result.records as MergedCall[];
}

/** Rows per piece of a COPY stream. */
const ROWS_PER_PIECE = 250;

/** Writes the calls' COPY text (one per thread: JavaScript runs one piece at a time). */
const copyText = createCopyTextWriter();

/** The calls' COPY text a piece at a time (the one place a calls row becomes COPY text). */
function* copyTextPieces(calls: readonly CallRowValues[], ids?: readonly number[]): Generator<Buffer> {
  for (let start = 0; start < calls.length; start += ROWS_PER_PIECE) {
    const end = start + ROWS_PER_PIECE;
    yield copyText.rows(calls.slice(start, end), ids?.slice(start, end));
  }
}

/**
 * COPY of the calls on the connection, each piece handed to the socket before
 * the next is written (the server parses and inserts while this thread writes
 * the rest). `sent` runs once the last piece is handed over and before the
 * server has stored them all: work done there overlaps the server's.
 */
async function copyIn(
  client: ClientBase,
  sql: string,
  calls: readonly CallRowValues[],
  ids?: readonly number[],
  sent?: () => void,
): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = finished(stream);
  try {
    for (const piece of copyTextPieces(calls, ids)) {
      if (!stream.write(piece)) await Promise.race([once(stream, 'drain'), done]);
    }
    stream.end();
    sent?.();
  } finally {
    await done;
  }
}

/** A call of the batch was already stored: the straight COPY failed, and with it the caller's transaction. */
export class StraightCopyConflict extends Error {
  constructor() {
    super('a call of the batch is already stored');
    this.name = 'StraightCopyConflict';
  }
}

/**
 * Inside the caller's transaction: `count` new ids from the calls' sequence,
 * for copyCallsStraight. The statement is on its way when this returns, so the
 * caller's work until it awaits the ids overlaps the server's drawing them.
 */
export function drawCallIds(q: QueryRunner, count: number): Promise<number[]> {
  return clientOf(q)
    .query<{ ids: string | null }>(drawCallIdsSql, [count])
    .then((r) => (r.rows[0]?.ids ?? '').split(',').filter(Boolean).map(Number));
}

/**
 * Inside the caller's transaction: the calls COPY'd straight into calls with
 * ids drawn beforehand (drawCallIds, at least one per call; the rest stay
 * unused): no staging table, no merge, nothing returned. Returns each call's
 * id. When a natural key is already stored, the COPY fails and throws
 * StraightCopyConflict: the transaction is then aborted, and the caller runs
 * the batch again through mergeCallsThroughStaging. `calls` must hold each
 * natural key once. `whileStoring` gets the ids once all the calls are sent,
 * while the server still stores them: what the caller prepares there costs
 * the batch no wait (it is thrown away with the ids when the COPY fails).
 */
export async function copyCallsStraight(
  q: QueryRunner,
  calls: readonly CallRowValues[],
  drawn: Promise<readonly number[]>,
  whileStoring?: (ids: readonly number[]) => void,
): Promise<readonly number[]> {
  const ids = (await drawn).slice(0, calls.length);
  if (calls.length === 0) return [];
  if (ids.length < calls.length) throw new Error(`${ids.length} call ids drawn for ${calls.length} calls`);
  try {
    await copyIn(clientOf(q), copyStraightSql, calls, ids, whileStoring && (() => whileStoring(ids)));
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new StraightCopyConflict();
    throw err;
  }
  return ids;
}

/** The natural key columns, in the order naturalKeyOf joins them. */
export const stagedNaturalKey: readonly string[] = naturalKey;
