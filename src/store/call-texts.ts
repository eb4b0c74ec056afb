import type { EntityManager } from 'typeorm';
import { callCodedColumns, type CallTextKind } from '../call-layout/index.js';
import { toStoredCallRow, type CallRow, type StoredCallRow } from './entities/call.entity.js';

/** Anything that runs SQL: a DataSource, an EntityManager (inside a transaction: its unit). */
type Queryable = Pick<EntityManager, 'query' | 'connection'>;

/**
 * The codes of texts of a kind in `call_texts` (call-columns.ts, `coded`), the
 * missing ones added: '' is code 0 and null stays null. Through `m`, so the
 * rows it adds belong to the caller's transaction.
 */
export async function callTextCodes(
  m: Queryable,
  kind: CallTextKind,
  texts: Iterable<string | null>,
): Promise<Map<string, number>> {
  const postgres = m.connection.options.type === 'postgres';
  const codes = new Map<string, number>([['', 0]]);
  for (const text of texts) {
    if (text === null || codes.has(text)) continue;
    const args = [kind, text];
    const find = postgres
      ? 'SELECT id FROM call_texts WHERE kind = $1 AND text = $2'
      : 'SELECT id FROM call_texts WHERE kind = ? AND text = ?';
    let rows = (await m.query(find, args)) as Array<{ id: number | string }>;
    if (rows.length === 0) {
      await m.query(
        `INSERT INTO call_texts (kind, text) VALUES (${postgres ? '$1, $2' : '?, ?'}) ON CONFLICT DO NOTHING`,
        args,
      );
      rows = (await m.query(find, args)) as Array<{ id: number | string }>;
    }
    codes.set(text, Number(rows[0]?.id));
  }
  return codes;
}

/** Calls as the table holds them (toStoredCallRow), their coded texts turned into codes through `m`. */
export async function toStoredCallRows(
  m: Queryable,
  calls: ReadonlyArray<Partial<CallRow>>,
): Promise<Array<Omit<StoredCallRow, 'id'> & { id?: number }>> {
  const codes = new Map<string, Map<string, number>>();
  for (const c of callCodedColumns) {
    const kind = c.coded as CallTextKind;
    const texts = calls.map((call) => call[c.property] as string | null | undefined).filter((t) => t !== undefined);
    codes.set(c.name, await callTextCodes(m, kind, texts));
  }
  return calls.map((call) =>
    toStoredCallRow(call, (c, text) => (text === null ? null : (codes.get(c.name)?.get(text) ?? null))),
  );
}
