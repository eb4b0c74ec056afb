import {
  callLineRollup,
  callRollupConflictSql,
  callRollupFigures,
  callRollupUpsertSql,
  RING_SUM,
} from '../src/call-layout/index.js';
import type { CallRowValues } from './call-row.js';
import { compareKeyValues, rollupDeltas } from './call-summary-deltas.js';
import { createSqliteRowRuns, rollupInsertSql } from './sqlite-rollup-upserts.js';

/** The slice of better-sqlite3's API the line rollup uses. */
interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Handle {
  prepare(sql: string): Statement;
}

/** Pending calls (all files) at which a group's commit adds their figures: about 8,000 line-days of deltas. */
export const LINE_ROLLUP_FLUSH_CALLS = 65_536;

/** A group's calls of one file: the rows, their ids (0: not stored), and whether the batch is the file's last. */
export interface LineRollupPart {
  fileId: number;
  calls: CallRowValues[];
  ids: number[];
  finished: boolean;
}

/** A file's figures held back: its deltas by key, the id its marker was set to, the calls they hold. */
interface Held {
  deltas: Map<string, unknown[]>;
  from: number;
  calls: number;
}

const KEY_WIDTH = 1 + callLineRollup.key.length;
const FIGURES = KEY_WIDTH;
const keyOf = (delta: unknown[]): string => {
  let key = '';
  for (let c = 0; c < KEY_WIDTH; c++) key += `${delta[c] === null ? '\u0000' : String(delta[c])}\u0001`;
  return key;
};
/** Adds delta `d`'s figures into `into`'s (callRollupFigures; cost stays NULL while both are). */
function addFigures(into: unknown[], d: unknown[]): void {
  for (let c = FIGURES; c < d.length; c++) {
    if (c === FIGURES + 2) {
      if (d[c] !== null) into[c] = ((into[c] as number | null) ?? 0) + (d[c] as number);
    } else into[c] = (into[c] as number) + (d[c] as number);
  }
}
const byKey = (a: unknown[], b: unknown[]): number => {
  for (let c = 0; c < KEY_WIDTH; c++) {
    const order = compareKeyValues(a[c], b[c]);
    if (order !== 0) return order;
  }
  return 0;
};

/**
 * The daily rollup by line on SQLite (migration 1797800000000): a file's deltas are held in memory across commits
 * and added once per LINE_ROLLUP_FLUSH_CALLS pending calls and with the file's last batch, in that commit's
 * transaction. A key the held deltas lack is inserted at once with zero figures, so readers that look a user's
 * lines up in the rollup (callsOnExtensionsOfUsersSql) find it. The file's ledger marker
 * (`line_rollup_pending_from`) says from which call its figures are not in the rollup: after a crash, or when a
 * re-rating touched a pending call (`line_rollup_stale`), or another store added them meanwhile, the figures are
 * added from the calls themselves, so each call counts exactly once.
 */
export function createSqliteLineRollup(db: Handle, flushCalls = LINE_ROLLUP_FLUSH_CALLS) {
  const width = KEY_WIDTH + callRollupFigures.length;
  const upsert = createSqliteRowRuns(
    db,
    (rows) => rollupInsertSql(callLineRollup, rows, callRollupUpsertSql(callLineRollup)),
    width,
  );
  const zeros = callRollupFigures.map((f) => (f === 'cost_minor' ? null : 0));
  const insertKeys = createSqliteRowRuns(
    db,
    (rows) => rollupInsertSql(callLineRollup, rows, `${callRollupConflictSql(callLineRollup)} DO NOTHING`),
    width,
  );
  const key = callLineRollup.key.join(', ');
  const day = `(started_at / ${callLineRollup.grainSeconds}) * ${callLineRollup.grainSeconds}`;
  const fromCalls = db.prepare(
    `INSERT INTO ${callLineRollup.table} AS r (started_at, ${key}, ${callRollupFigures.join(', ')}) ` +
      `SELECT ${day}, ${key}, COUNT(*), SUM(duration_seconds), SUM(cost_minor), COUNT(cost_minor), ${RING_SUM}, ` +
      `SUM(CASE WHEN answered THEN 1 ELSE 0 END) FROM calls WHERE id >= ? AND file_id = ? GROUP BY ${day}, ${key} ` +
      callRollupUpsertSql(callLineRollup),
  );
  const marker = db.prepare(
    'SELECT line_rollup_pending_from AS pending, line_rollup_stale AS stale FROM cdr_files WHERE id = ?',
  );
  const mark = db.prepare(
    'UPDATE cdr_files SET line_rollup_pending_from = COALESCE(line_rollup_pending_from, ?) WHERE id = ?',
  );
  const clear = db.prepare('UPDATE cdr_files SET line_rollup_pending_from = NULL, line_rollup_stale = 0 WHERE id = ?');
  const markedFiles = db.prepare(
    'SELECT id, line_rollup_pending_from AS pending FROM cdr_files WHERE line_rollup_pending_from IS NOT NULL',
  );
  const held = new Map<number, Held>();
  let heldCalls = 0;

  /** Adds file `fileId`'s pending figures to the rollup (`deltas` held from call `from` on) and clears its marker. */
  const add = (fileId: number, deltas: Iterable<unknown[]>, from: number): void => {
    const row = marker.get(fileId) as { pending: number | bigint | null; stale: number } | undefined;
    if (row?.pending === null) return;
    if (row && (row.stale !== 0 || Number(row.pending) !== from)) fromCalls.run(row.pending, fileId);
    else upsert([...deltas].sort(byKey));
    if (row) clear.run(fileId);
  };

  return {
    /**
     * In a group's transaction, after its calls are stored: marks each file's pending calls, inserts the keys
     * not held yet, and adds the held figures when due. Answers what to run once the transaction committed.
     */
    stage(parts: readonly LineRollupPart[]): () => void {
      const group = new Map<number, Held>();
      let finished = false;
      for (const part of parts) {
        finished ||= part.finished;
        let first = 0;
        let stored = 0;
        for (const id of part.ids) {
          if (id === 0) continue;
          stored++;
          if (first === 0 || id < first) first = id;
        }
        if (stored === 0) continue;
        let mine = group.get(part.fileId);
        if (!mine) group.set(part.fileId, (mine = { deltas: new Map(), from: first, calls: 0 }));
        mine.calls += stored;
        for (const d of rollupDeltas(part.calls, part.ids, callLineRollup)) {
          const k = keyOf(d);
          const had = mine.deltas.get(k);
          if (had) addFigures(had, d);
          else mine.deltas.set(k, d);
        }
      }
      let groupCalls = 0;
      const newKeys: unknown[][] = [];
      for (const [fileId, mine] of group) {
        groupCalls += mine.calls;
        mark.run(mine.from, fileId);
        const before = held.get(fileId)?.deltas;
        for (const [k, d] of mine.deltas) if (!before?.has(k)) newKeys.push([...d.slice(0, KEY_WIDTH), ...zeros]);
      }
      insertKeys(newKeys.sort(byKey));
      const due = finished || heldCalls + groupCalls >= flushCalls;
      if (due) {
        for (const fileId of new Set([...held.keys(), ...group.keys()])) {
          const before = held.get(fileId);
          const mine = group.get(fileId);
          const deltas = new Map<string, unknown[]>();
          for (const [k, d] of before?.deltas ?? []) deltas.set(k, d.slice());
          for (const [k, d] of mine?.deltas ?? []) {
            const had = deltas.get(k);
            if (had) addFigures(had, d);
            else deltas.set(k, d);
          }
          add(fileId, deltas.values(), (before ?? (mine as Held)).from);
        }
      }
      return () => {
        if (due) {
          held.clear();
          heldCalls = 0;
          return;
        }
        for (const [fileId, mine] of group) {
          const before = held.get(fileId);
          if (!before) held.set(fileId, mine);
          else {
            before.calls += mine.calls;
            for (const [k, d] of mine.deltas) {
              const had = before.deltas.get(k);
              if (had) addFigures(had, d);
              else before.deltas.set(k, d);
            }
          }
        }
        heldCalls += groupCalls;
      };
    },

    /** In a transaction: adds every held file's figures. Answers what to run once it committed. */
    addHeld(): () => void {
      for (const [fileId, h] of held) add(fileId, h.deltas.values(), h.from);
      return () => {
        held.clear();
        heldCalls = 0;
      };
    },

    /**
     * In a transaction, when the store opens: adds from the calls the figures a store that ended before adding
     * them left pending (a crash, a stop mid-file). Answers how many files it found.
     */
    addLeftPending(): number {
      const left = markedFiles.all() as Array<{ id: number; pending: number | bigint }>;
      for (const file of left) {
        fromCalls.run(file.pending, file.id);
        clear.run(file.id);
      }
      return left.length;
    },
  };
}
