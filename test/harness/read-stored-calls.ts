import type { DataSource, FindManyOptions } from 'typeorm';
import { callCodedColumns, callEntity, codeProperty, type CallRow, type StoredCallRow } from '../../src/store/index.js';

/**
 * Stored calls read through the entity, each coded column's text put back under its property (carrier, tariffPlan,
 * …) from `call_texts`: what a test compares with the calls it wrote. The packed detail stays packed.
 */
export async function readStoredCalls(
  ds: DataSource,
  options: FindManyOptions<StoredCallRow> = { order: { id: 'ASC' } },
): Promise<Array<StoredCallRow & Pick<CallRow, (typeof callCodedColumns)[number]['property']>>> {
  const rows = await ds.getRepository<StoredCallRow>(callEntity.options.name).find(options);
  const texts = new Map<number, string>();
  for (const t of (await ds.query('SELECT id, text FROM call_texts')) as Array<{ id: number | string; text: string }>)
    texts.set(Number(t.id), t.text);
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const c of callCodedColumns) {
      const code = out[codeProperty(c.name)] as number | null;
      out[c.property] = code === null ? null : (texts.get(Number(code)) ?? null);
    }
    return out as StoredCallRow & Pick<CallRow, (typeof callCodedColumns)[number]['property']>;
  });
}
