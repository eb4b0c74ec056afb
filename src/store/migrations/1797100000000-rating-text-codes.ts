import type { MigrationInterface, QueryRunner } from 'typeorm';
import { withoutSqliteTriggers } from './sqlite-triggers.js';

/** Each text column, its code column and its kind in call_texts (frozen here: src/call-layout/call-columns.ts). */
const CODED = [
  { text: 'carrier', code: 'carrier_code', kind: 'carrier', length: 120 },
  { text: 'tariff_plan', code: 'tariff_plan_code', kind: 'tariff-plan', length: 120 },
  { text: 'tariff_row', code: 'tariff_row_code', kind: 'tariff-row', length: 120 },
] as const;

/**
 * Issue 18: the carrier and the tariff plan and row that rated a call, texts that repeat from call to call (a few
 * carriers, a few plans and rows), kept as codes of `call_texts` like the cluster and the owner's partition
 * (1796010000000): NULL stays NULL (a call not rated), '' is code 0. About 25 bytes a call on SQLite. Every call
 * keeps its id and its texts (read back through the codes); `down` puts the text columns back. No index and no
 * trigger names these columns.
 */
export class RatingTextCodes1797100000000 implements MigrationInterface {
  name = 'RatingTextCodes1797100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const c of CODED) {
      await q.query(
        `INSERT INTO call_texts (kind, text) SELECT DISTINCT '${c.kind}', ${c.text} FROM calls ` +
          `WHERE ${c.text} IS NOT NULL AND ${c.text} <> '' ON CONFLICT DO NOTHING`,
      );
      await q.query(`ALTER TABLE calls ADD COLUMN ${c.code} integer`);
    }
    const set = CODED.map(
      (c) =>
        `${c.code} = CASE WHEN calls.${c.text} = '' THEN 0 ELSE (SELECT t.id FROM call_texts t ` +
        `WHERE t.kind = '${c.kind}' AND t.text = calls.${c.text}) END`,
    );
    await q.query(`UPDATE calls SET ${set.join(', ')}`);
    await withoutSqliteTriggers(q, async () => {
      for (const c of CODED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.text}`);
    });
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of CODED) await q.query(`ALTER TABLE calls ADD COLUMN ${c.text} varchar(${c.length})`);
    const set = CODED.map((c) => `${c.text} = (SELECT t.text FROM call_texts t WHERE t.id = calls.${c.code})`);
    await q.query(`UPDATE calls SET ${set.join(', ')}`);
    await withoutSqliteTriggers(q, async () => {
      for (const c of CODED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.code}`);
    });
  }
}
