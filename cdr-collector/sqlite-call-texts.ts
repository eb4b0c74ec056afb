import { callCodedColumns, type CallTextKind } from '../src/store/index.js';
import { callInsertColumns, type CallRowValues } from './call-row.js';

interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
}
interface Handle {
  prepare(sql: string): Statement;
}

const CODED = callCodedColumns.map((c) => ({ at: callInsertColumns.indexOf(c.name), kind: c.coded as CallTextKind }));

/** The texts a batch's rows carry in coded columns, turned into their codes in place; see createSqliteCallTexts. */
export interface SqliteCallTexts {
  /** Inside the batch's transaction: every coded value of `rows` becomes its code, new texts added to call_texts. */
  encode(rows: readonly CallRowValues[]): void;
  /** After the transaction rolled back: forgets the codes it added, which no longer exist. */
  forgetUncommitted(): void;
  /** After the transaction committed. */
  committed(): void;
}

/**
 * The store thread's copy of `call_texts` (call-columns.ts, `coded`): codes
 * are looked up in memory, and a text met for the first time is added in the
 * transaction of the calls that carry it (ON CONFLICT DO NOTHING, then read
 * back: another writer may have added it). Codes never change once given, so
 * the copy only grows.
 */
export function createSqliteCallTexts(db: Handle): SqliteCallTexts {
  const insert = db.prepare('INSERT INTO call_texts (kind, text) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const find = db.prepare('SELECT id FROM call_texts WHERE kind = ? AND text = ?');
  const byKind = new Map<CallTextKind, Map<string, number>>(CODED.map((c) => [c.kind, new Map([['', 0]])]));
  let added: Array<[Map<string, number>, string]> = [];

  const codeOf = (kind: CallTextKind, codes: Map<string, number>, text: string): number => {
    insert.run(kind, text);
    const code = (find.get(kind, text) as { id: number }).id;
    codes.set(text, code);
    added.push([codes, text]);
    return code;
  };

  return {
    encode(rows) {
      for (const { at, kind } of CODED) {
        const codes = byKind.get(kind) as Map<string, number>;
        for (const row of rows) {
          const text = row[at];
          if (typeof text !== 'string') continue;
          row[at] = codes.get(text) ?? codeOf(kind, codes, text);
        }
      }
    },
    forgetUncommitted() {
      for (const [codes, text] of added) codes.delete(text);
      added = [];
    },
    committed() {
      added = [];
    },
  };
}
