import {
  callColumnDefaults,
  callInsertColumns,
  NATURAL_KEY_POSITIONS,
  naturalKeyOf,
  type CallRowValues,
} from './call-row.js';

/** The slice of better-sqlite3's API the calls insert uses. */
interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
interface Handle {
  prepare(sql: string): Statement;
}

const COLUMNS = callInsertColumns.length;
// A row's named columns are keyed by two 30-bit masks.
if (COLUMNS > 60)
  throw new Error(`the sparse calls insert handles at most 60 columns, calls has ${COLUMNS}: widen its masks`);
const STARTED_AT = callInsertColumns.indexOf('started_at');
/** Rows per statement, largest first: a group of rows naming the same columns is cut into runs of these. */
const RUNS = [64, 16, 4, 1] as const;
const NATURAL_KEY = NATURAL_KEY_POSITIONS.map((p) => callInsertColumns[p] as string);
const named = (lo: number, hi: number, j: number) => (j < 30 ? lo & (1 << j) : hi & (1 << (j - 30))) !== 0;

/** What the insert of a batch's calls did: per row its new id, or 0 when its natural key was already stored. */
export interface StoredCalls {
  stored: number;
  firstId: number;
  lastId: number;
  /** The earliest started_at of the calls stored (MAX_SAFE_INTEGER when none). */
  earliest: number;
}

/**
 * Inserts a batch's call rows naming only the columns whose value differs
 * from the table default (binding parameters is most of SQLite's cost per
 * row), many rows per statement: the rows that name the same columns go
 * together, in runs of 64, 16, 4 and 1 (one prepared statement per set of
 * columns and run length, a handful in practice). A row whose natural key is
 * stored already is skipped (ON CONFLICT DO NOTHING). A run that stored all
 * its rows took the ids that follow the table's highest, in its rows' order,
 * so it needs no look-up; one that did not reads back the natural keys of the
 * ids above the highest before it.
 */
export function createSqliteCallInsert(db: Handle): (rows: readonly CallRowValues[], ids: number[]) => StoredCalls {
  const keysOf = db.prepare(`SELECT id, ${NATURAL_KEY.join(', ')} FROM calls WHERE id > ? AND id <= ?`);
  const highest = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM calls');
  /** The highest id in the table: every id a statement takes lies above it. */
  let high = 0;
  /** A prepared statement with its parameters' array, of its exact length (filled in place, never regrown). */
  interface Prepared {
    statement: Statement;
    params: unknown[];
    /** The row positions of the columns it names. */
    positions: number[];
  }
  const statements = new Map<string, Prepared>();
  const statementFor = (lo: number, hi: number, run: number): Prepared => {
    const key = `${lo}:${hi}:${run}`;
    let prepared = statements.get(key);
    if (!prepared) {
      const positions = callInsertColumns.map((_, j) => j).filter((j) => named(lo, hi, j));
      const columns = positions.map((j) => callInsertColumns[j] as string);
      // The packed detail is stored as SQLite's binary JSON (JSONB): `detail ->> N` reads it as it reads JSON text,
      // and it takes about 25 bytes a call less (no quotes, commas, brackets).
      const one = `(${columns.map((c) => (c === 'detail' ? 'jsonb(?)' : '?')).join(',')})`;
      const values = new Array(run).fill(one).join(',');
      prepared = {
        statement: db.prepare(`INSERT INTO calls (${columns.join(',')}) VALUES ${values} ON CONFLICT DO NOTHING`),
        params: new Array<unknown>(run * positions.length).fill(null),
        positions,
      };
      statements.set(key, prepared);
    }
    return prepared;
  };

  return (rows, ids) => {
    const out: StoredCalls = { stored: 0, firstId: 0, lastId: 0, earliest: Number.MAX_SAFE_INTEGER };
    high = (highest.get() as { id: number }).id;
    // Rows by the columns they name: masks, then the row indexes of each.
    const groups = new Map<number, Map<number, number[]>>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as CallRowValues;
      let lo = 0;
      let hi = 0;
      for (let j = 0; j < COLUMNS; j++) {
        if (row[j] === callColumnDefaults[j]) continue;
        if (j < 30) lo |= 1 << j;
        else hi |= 1 << (j - 30);
      }
      let byHi = groups.get(lo);
      if (!byHi) groups.set(lo, (byHi = new Map()));
      const group = byHi.get(hi);
      if (group) group.push(i);
      else byHi.set(hi, [i]);
    }
    for (const [lo, byHi] of groups) {
      for (const [hi, members] of byHi) {
        let at = 0;
        for (const run of RUNS) {
          while (members.length - at >= run) {
            const { statement, params, positions } = statementFor(lo, hi, run);
            const width = positions.length;
            for (let r = 0; r < run; r++) {
              const row = rows[members[at + r] as number] as CallRowValues;
              for (let c = 0; c < width; c++) {
                const v = row[positions[c] as number];
                params[r * width + c] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
              }
            }
            // As arguments, not as one array: better-sqlite3 reads an array's values one by one through V8's
            // API (v8::Object::Get, about 30 ns each here), and arguments directly. A 64-row statement binds
            // some 2,000 values; spread, the store thread took 7-9 % less CPU (issue 18).
            const result = statement.run(...params);
            assignIds(rows, members, at, run, result.changes, Number(result.lastInsertRowid), ids, out);
            at += run;
          }
        }
      }
    }
    return out;
  };

  /** Sets the ids of rows members[at … at+run) after their statement stored `changes` of them, the last as `last`. */
  function assignIds(
    rows: readonly CallRowValues[],
    members: number[],
    at: number,
    run: number,
    changes: number,
    last: number,
    ids: number[],
    out: StoredCalls,
  ): void {
    if (changes === 0) {
      for (let r = at; r < at + run; r++) ids[members[r] as number] = 0;
      return;
    }
    // All stored: the ids follow one another. Some skipped: a skipped row may still have used up an id.
    const before = high;
    high = last;
    let first = last - changes + 1;
    let byKey: Map<string, number> | null = null;
    if (changes < run) {
      byKey = new Map();
      first = last;
      for (const stored of keysOf.all(before, last) as Array<Record<string, unknown>>) {
        byKey.set(NATURAL_KEY.map((c) => String(stored[c])).join('\u0000'), stored.id as number);
        if ((stored.id as number) < first) first = stored.id as number;
      }
    }
    if (out.firstId === 0 || first < out.firstId) out.firstId = first;
    if (last > out.lastId) out.lastId = last;
    out.stored += changes;
    for (let r = at, id = first; r < at + run; r++) {
      const i = members[r] as number;
      const row = rows[i] as CallRowValues;
      let stored = id;
      if (byKey) {
        // Taken once: of two rows with one natural key in the same run, only the first was stored.
        const key = naturalKeyOf(row);
        stored = byKey.get(key) ?? 0;
        byKey.delete(key);
      } else id++;
      ids[i] = stored;
      if (stored !== 0 && (row[STARTED_AT] as number) < out.earliest) out.earliest = row[STARTED_AT] as number;
    }
  }
}
