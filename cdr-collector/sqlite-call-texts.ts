import { createCallTextCache, type CallTextCache } from './call-text-cache.js';
import type { CallTextKind } from '../src/store/index.js';
import type { CallRowValues } from './call-row.js';
import type { DetailText, DetailTextCode } from './detail-text-codes.js';

interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
}
interface Handle {
  prepare(sql: string): Statement;
}

/** The texts a batch's rows carry in coded columns, turned into their codes in place; see createSqliteCallTexts. */
export interface SqliteCallTexts extends Pick<CallTextCache, 'forgetUncommitted' | 'committed'> {
  /** Inside the batch's transaction: every coded value of `rows` becomes its code, new texts added to call_texts. */
  encode(rows: CallRowValues[]): void;
  /** Inside the batch's transaction: the codes of detail texts, new ones added to call_texts. */
  codesOf(texts: readonly DetailText[] | undefined): DetailTextCode[];
}

/**
 * The SQLite store thread's copy of `call_texts` (call-text-cache.ts): codes
 * are looked up in memory, and a text met for the first time is added in the
 * transaction of the calls that carry it (ON CONFLICT DO NOTHING, then read
 * back: another writer may have added it).
 */
export function createSqliteCallTexts(db: Handle): SqliteCallTexts {
  const insert = db.prepare('INSERT INTO call_texts (kind, text) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const find = db.prepare('SELECT id FROM call_texts WHERE kind = ? AND text = ?');
  const cache = createCallTextCache();
  const add = (kind: CallTextKind, text: string): number => {
    insert.run(kind, text);
    const code = (find.get(kind, text) as { id: number }).id;
    cache.learn(kind, text, code);
    return code;
  };
  return {
    encode(rows) {
      // One look-up a value: a text met for the first time gets its code on the way (a statement per new text,
      // as the database needs one anyway).
      cache.encode(rows, add);
    },
    codesOf(texts) {
      return (texts ?? []).map(({ kind, text }) => ({ kind, text, code: cache.known(kind, text) ?? add(kind, text) }));
    },
    forgetUncommitted: () => cache.forgetUncommitted(),
    committed: () => cache.committed(),
  };
}
