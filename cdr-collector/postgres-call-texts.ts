import type { QueryRunner } from 'typeorm';
import type { CallTextKind } from '../src/store/index.js';
import { createCallTextCache, type CallTextCache } from './call-text-cache.js';
import type { CallRowValues } from './call-row.js';
import type { DetailText, DetailTextCode } from './detail-text-codes.js';

/** The texts a batch's rows carry in coded columns, turned into their codes in place; see createPostgresCallTexts. */
export interface PostgresCallTexts extends Pick<CallTextCache, 'forgetUncommitted' | 'committed'> {
  /**
   * Inside the batch's transaction, before its calls are COPY'd: every coded value of `rows` becomes its code, new
   * texts added to call_texts.
   */
  encode(q: QueryRunner, rows: CallRowValues[]): Promise<void>;
  /** Inside the batch's transaction: the codes of detail texts, new ones added to call_texts. */
  codesOf(q: QueryRunner, texts: readonly DetailText[] | undefined): Promise<DetailTextCode[]>;
  /** Whether `rows` or `detailTexts` hold a text the cache has no code for (it would be added to call_texts). */
  meetsNewTexts(rows: readonly CallRowValues[], detailTexts?: readonly DetailText[]): boolean;
}

type FoundText = { id: number | string; kind: CallTextKind; text: string };
const PAIRS = 'unnest($1::varchar[], $2::varchar[]) AS n(kind, text)';
const addSql = `INSERT INTO call_texts (kind, text) SELECT kind, text FROM ${PAIRS} ON CONFLICT DO NOTHING`;
const findSql = `SELECT t.id, t.kind, t.text FROM call_texts t JOIN ${PAIRS} ON t.kind = n.kind AND t.text = n.text`;

/**
 * The PostgreSQL store's copy of `call_texts` (call-text-cache.ts): codes are
 * looked up in memory, and the texts a batch meets for the first time are
 * added in the batch's transaction in one statement (ON CONFLICT DO NOTHING,
 * then read back: another daemon may have added them), so the calls can be
 * COPY'd with their codes.
 */
export function createPostgresCallTexts(): PostgresCallTexts {
  const cache = createCallTextCache();
  const unknown = (texts: readonly DetailText[] | undefined) =>
    (texts ?? []).filter((t) => cache.known(t.kind, t.text) === undefined);
  const add = async (q: QueryRunner, missing: readonly DetailText[]): Promise<void> => {
    if (missing.length === 0) return;
    const args = [missing.map((m) => m.kind), missing.map((m) => m.text)];
    await q.query(addSql, args);
    const found = (await q.query(findSql, args)) as FoundText[];
    for (const f of found) cache.learn(f.kind, f.text, Number(f.id));
  };
  return {
    async encode(q, rows) {
      await add(q, cache.missing(rows));
      cache.encode(rows);
    },
    async codesOf(q, texts) {
      await add(q, unknown(texts));
      return (texts ?? []).map(({ kind, text }) => {
        const code = cache.known(kind, text);
        if (code === undefined) throw new Error(`no code for the ${kind} text ${JSON.stringify(text)}`);
        return { kind, text, code };
      });
    },
    meetsNewTexts: (rows, detailTexts) => cache.missing(rows).length > 0 || unknown(detailTexts).length > 0,
    forgetUncommitted: () => cache.forgetUncommitted(),
    committed: () => cache.committed(),
  };
}
