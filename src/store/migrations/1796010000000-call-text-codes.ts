import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';
import { withoutSqliteTriggers } from './sqlite-triggers.js';

const LEGS = 'global_call_manager_id, global_call_id, orig_leg_id, dest_leg_id';
/** Each text column, its code column and its kind in call_texts (frozen here: src/store/call-columns.ts, `coded`). */
const CODED = [
  { text: 'cluster_id', code: 'cluster_code', kind: 'cluster', length: 64 },
  { text: 'owner_partition', code: 'owner_partition_code', kind: 'partition', length: 50 },
] as const;

/**
 * Issue 18: repeated texts of the calls row kept as integer codes of a
 * dictionary, `call_texts (id, kind, text)`, unique by (kind, text); code 0 is
 * the row ('', '') and stands for '' in every kind. The cluster id (17 bytes
 * a call in the row and as many again in the natural key) and the owner's
 * partition come first. Every call keeps its id; the natural key is rebuilt
 * on the code. The same layout on SQLite and PostgreSQL.
 */
export class CallTextCodes1796010000000 implements MigrationInterface {
  name = 'CallTextCodes1796010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'call_texts',
        columns: [col.id(), col.str('kind', 16), col.str('text', 255)],
        indices: [{ name: 'uq_call_texts_kind_text', columnNames: ['kind', 'text'], isUnique: true }],
      }),
    );
    await q.query("INSERT INTO call_texts (id, kind, text) VALUES (0, '', '')");
    for (const c of CODED) {
      await q.query(
        `INSERT INTO call_texts (kind, text) SELECT DISTINCT '${c.kind}', ${c.text} FROM calls WHERE ${c.text} <> ''`,
      );
      await q.query(`ALTER TABLE calls ADD COLUMN ${c.code} integer NOT NULL DEFAULT 0`);
    }
    const set = CODED.map(
      (c) =>
        `${c.code} = COALESCE((SELECT t.id FROM call_texts t ` +
        `WHERE t.kind = '${c.kind}' AND t.text = calls.${c.text}), 0)`,
    );
    await q.query(`UPDATE calls SET ${set.join(', ')}`);
    await q.query('DROP INDEX uq_calls_natural_key');
    await withoutSqliteTriggers(q, async () => {
      for (const c of CODED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.text}`);
    });
    await q.query(`CREATE UNIQUE INDEX uq_calls_natural_key ON calls (cluster_code, ${LEGS})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of CODED) {
      await q.query(`ALTER TABLE calls ADD COLUMN ${c.text} varchar(${c.length}) NOT NULL DEFAULT ''`);
      await q.query(
        `UPDATE calls SET ${c.text} = COALESCE((SELECT t.text FROM call_texts t WHERE t.id = calls.${c.code}), '')`,
      );
    }
    await q.query('DROP INDEX uq_calls_natural_key');
    await withoutSqliteTriggers(q, async () => {
      for (const c of CODED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.code}`);
    });
    await q.query(`CREATE UNIQUE INDEX uq_calls_natural_key ON calls (cluster_id, ${LEGS})`);
    await q.dropTable('call_texts');
  }
}
