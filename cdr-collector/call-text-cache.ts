import { callCodedColumns, type CallTextKind } from '../src/call-layout/index.js';
import { callInsertColumns, type CallRowValues } from './call-row.js';

const CODED = callCodedColumns.map((c) => ({ at: callInsertColumns.indexOf(c.name), kind: c.coded as CallTextKind }));

/** A text of a kind the cache has no code for yet. */
export interface MissingCallText {
  kind: CallTextKind;
  text: string;
}

/**
 * A store's copy of `call_texts` (call-columns.ts, `coded`), the part both
 * databases share: codes never change once given, so the copy only grows;
 * codes learnt inside a transaction are forgotten if it rolls back, and the
 * rows it encoded get those texts back (a batch run again is encoded anew).
 */
export interface CallTextCache {
  /** The distinct coded texts of `rows` without a code yet ('' is code 0; numbers are codes already). */
  missing(rows: readonly CallRowValues[]): MissingCallText[];
  /** A code read from call_texts in the current transaction. */
  learn(kind: CallTextKind, text: string, code: number): void;
  /** The code the cache holds for `text` of `kind`, if any. */
  known(kind: CallTextKind, text: string): number | undefined;
  /**
   * Every coded text of `rows` becomes its code, in place. A text without a code is given one by `add` (which
   * learns it), else it is an error: learn the missing ones first.
   */
  encode(rows: CallRowValues[], add?: (kind: CallTextKind, text: string) => number): void;
  /** After the transaction rolled back: forgets the codes it learnt and puts their texts back in the rows. */
  forgetUncommitted(): void;
  /** After the transaction committed. */
  committed(): void;
}

export function createCallTextCache(): CallTextCache {
  const byKind = new Map<CallTextKind, Map<string, number>>();
  let learnt: Array<{ kind: CallTextKind; text: string; code: number }> = [];
  let encoded: CallRowValues[][] = [];
  const codes = (kind: CallTextKind): Map<string, number> => {
    let known = byKind.get(kind);
    if (!known) byKind.set(kind, (known = new Map([['', 0]])));
    return known;
  };

  return {
    missing(rows) {
      const out: MissingCallText[] = [];
      for (const { at, kind } of CODED) {
        const known = codes(kind);
        const seen = new Set<string>();
        for (const row of rows) {
          const text = row[at];
          if (typeof text === 'string' && !known.has(text) && !seen.has(text)) {
            seen.add(text);
            out.push({ kind, text });
          }
        }
      }
      return out;
    },
    known: (kind, text) => codes(kind).get(text),
    learn(kind, text, code) {
      codes(kind).set(text, code);
      learnt.push({ kind, text, code });
    },
    encode(rows, add) {
      try {
        for (const { at, kind } of CODED) {
          const known = codes(kind);
          for (const row of rows) {
            const text = row[at];
            if (typeof text !== 'string') continue;
            const code = known.get(text) ?? add?.(kind, text);
            if (code === undefined) throw new Error(`no code for the ${kind} text ${JSON.stringify(text)}`);
            row[at] = code;
          }
        }
      } finally {
        // Also when `add` failed midway: the rows already given a code learnt here get their texts back.
        if (learnt.length > 0) encoded.push(rows);
      }
    },
    forgetUncommitted() {
      for (const { at, kind } of CODED) {
        const back = new Map<number, string>();
        for (const l of learnt) if (l.kind === kind) back.set(l.code, l.text);
        if (back.size === 0) continue;
        for (const rows of encoded)
          for (const row of rows) {
            const text = back.get(row[at] as number);
            if (text !== undefined) row[at] = text;
          }
      }
      for (const l of learnt) codes(l.kind).delete(l.text);
      learnt = [];
      encoded = [];
    },
    committed() {
      learnt = [];
      encoded = [];
    },
  };
}
