import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coded places of `calls.detail` (frozen here: src/store/call-columns.ts, packedCode): position → kind of
 * call_texts. The partitions, the two devices, the two IP addresses.
 */
const CODED = new Map<number, string>([
  [0, 'partition'],
  [2, 'partition'],
  [4, 'partition'],
  [6, 'partition'],
  [8, 'device'],
  [9, 'device'],
  [18, 'ip'],
  [19, 'ip'],
]);
/** The final called number (3): null when it repeats the original called number (1). */
const SAME_AS: ReadonlyArray<[number, number]> = [[3, 1]];
/** Calls read and written per statement. */
const CHUNK = 500;

type Detail = Array<string | number | null>;
type Row = { id: number | string; detail: string | null };

/**
 * Issue 18: calls stored before the ingest coded the detail's repeated texts
 * get the same layout: each partition, device and IP address in `detail`
 * becomes the code of its text in `call_texts` (added when missing; '' stays
 * ''), and a final called number equal to the original becomes null. Calls are
 * rewritten in chunks by id, each detail read and written whole, so no call
 * is lost and a value that is not a text (a code already) is kept. Readers take
 * either form (callDetailSql), so the migration is about space: about 65 bytes a
 * call on SQLite. `down` writes the texts back.
 */
export class DetailTextCodes1797000000000 implements MigrationInterface {
  name = 'DetailTextCodes1797000000000';

  async up(q: QueryRunner): Promise<void> {
    const codes = await codeBook(q);
    await rewriteDetails(q, async (detail) => {
      let changed = false;
      for (const [at, kind] of CODED) {
        const text = detail[at];
        if (typeof text !== 'string' || text === '') continue;
        detail[at] = await codes.codeOf(kind, text);
        changed = true;
      }
      for (const [at, same] of SAME_AS)
        if (typeof detail[at] === 'string' && detail[at] !== '' && detail[at] === detail[same]) {
          detail[at] = null;
          changed = true;
        }
      return changed;
    });
  }

  async down(q: QueryRunner): Promise<void> {
    const texts = new Map<number, string>();
    for (const r of (await q.query('SELECT id, text FROM call_texts')) as Array<{ id: number | string; text: string }>)
      texts.set(Number(r.id), r.text);
    await rewriteDetails(q, async (detail) => {
      let changed = false;
      for (const [at, same] of SAME_AS)
        if (detail[at] === null && at < detail.length) {
          detail[at] = detail[same] ?? '';
          changed = true;
        }
      for (const at of CODED.keys()) {
        const code = detail[at];
        if (typeof code !== 'number') continue;
        detail[at] = texts.get(code) ?? '';
        changed = true;
      }
      return changed;
    });
  }
}

/** call_texts as far as the migration needs it: a text's code, the text added when missing. */
async function codeBook(q: QueryRunner): Promise<{ codeOf(kind: string, text: string): Promise<number> }> {
  const postgres = q.connection.options.type === 'postgres';
  const known = new Map<string, number>();
  const rows = (await q.query('SELECT id, kind, text FROM call_texts')) as Array<{
    id: number | string;
    kind: string;
    text: string;
  }>;
  for (const r of rows) known.set(`${r.kind}\u0000${r.text}`, Number(r.id));
  const [insert, find] = postgres
    ? [
        'INSERT INTO call_texts (kind, text) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        'SELECT id FROM call_texts WHERE kind = $1 AND text = $2',
      ]
    : [
        'INSERT INTO call_texts (kind, text) VALUES (?, ?) ON CONFLICT DO NOTHING',
        'SELECT id FROM call_texts WHERE kind = ? AND text = ?',
      ];
  return {
    async codeOf(kind, text) {
      const key = `${kind}\u0000${text}`;
      const code = known.get(key);
      if (code !== undefined) return code;
      await q.query(insert, [kind, text]);
      const [row] = (await q.query(find, [kind, text])) as Array<{ id: number | string }>;
      const added = Number(row?.id);
      known.set(key, added);
      return added;
    },
  };
}

/** Every call's detail through `change` (true: write it back), CHUNK calls at a time in id order. */
async function rewriteDetails(q: QueryRunner, change: (detail: Detail) => Promise<boolean>): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  const select = postgres
    ? 'SELECT id, detail::text AS detail FROM calls WHERE id > $1 AND detail IS NOT NULL ORDER BY id LIMIT $2'
    : 'SELECT id, json(detail) AS detail FROM calls WHERE id > ? AND detail IS NOT NULL ORDER BY id LIMIT ?';
  let after = 0;
  for (;;) {
    const rows = (await q.query(select, [after, CHUNK])) as Row[];
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]?.id);
    const updates: Array<[number, string]> = [];
    for (const row of rows) {
      const detail = JSON.parse(row.detail as string) as Detail;
      if (await change(detail)) updates.push([Number(row.id), JSON.stringify(detail)]);
    }
    if (updates.length === 0) continue;
    if (postgres)
      await q.query(
        'UPDATE calls SET detail = u.detail FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, detail) ' +
          'WHERE calls.id = u.id',
        [updates.map((u) => u[0]), updates.map((u) => u[1])],
      );
    else
      await q.query(
        `UPDATE calls SET detail = jsonb(u.column2) FROM (VALUES ${updates.map(() => '(?, ?)').join(', ')}) ` +
          'AS u WHERE calls.id = u.column1',
        updates.flat(),
      );
  }
}
