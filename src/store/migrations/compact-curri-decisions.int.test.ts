import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { migrations } from '../index.js';

const COMPACT = 'CompactCurriDecisions1796400000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === COMPACT),
);

const wideColumns =
  'decided_at, context, calling_number, called_number, transformed_calling_number, transformed_called_number, ' +
  'calling_device_name, trigger_point, line_id, outcome, reason, destination, latency_us';
const wide: unknown[][] = [
  [
    1_700_000_000_000,
    'hq',
    '2001',
    '0612345678',
    '',
    '',
    'SEP001122334401',
    'translationpattern',
    7,
    'permit',
    'allowed',
    '',
    120,
  ],
  [
    1_700_000_000_500,
    'hq',
    '2001',
    '112',
    '',
    '+39112',
    'SEP001122334401',
    'translationpattern',
    7,
    'permit',
    'emergency',
    '',
    90,
  ],
  [1_700_000_001_000, '', '2002', '0033123', '+392002', '', '', 'routepattern', null, 'deny', 'line-locked', '', 300],
  [
    1_700_000_002_000,
    'hq',
    '2003',
    '0612345678',
    '',
    '',
    'SEP001122334403',
    'translationpattern',
    9,
    'divert',
    'budget-exhausted',
    '2999',
    210,
  ],
];

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${COMPACT} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('keeps every decision, its id and its texts, as codes and NULLs', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      const postgres = kind === 'postgres';
      const p = (i: number) => (postgres ? `$${i}` : '?');
      for (const row of wide) {
        await db.dataSource.query(
          `INSERT INTO curri_decisions (${wideColumns}) VALUES (${row.map((_, i) => p(i + 1)).join(', ')})`,
          row,
        );
      }
      const read = `SELECT id, ${wideColumns} FROM %s ORDER BY id`;
      const normalise = (rows: Array<Record<string, unknown>>) =>
        rows.map((r) => ({ ...r, id: Number(r.id), decided_at: Number(r.decided_at) }));
      const old = normalise(await db.dataSource.query(read.replace('%s', 'curri_decisions')));

      await db.migrateToLatest();

      expect(normalise(await db.dataSource.query(read.replace('%s', 'curri_decision_log')))).toEqual(old);
      // Four decisions of four kinds, two devices; only two transformed numbers stored.
      const [counts] = (await db.dataSource.query(
        'SELECT (SELECT COUNT(*) FROM curri_decision_kinds) AS kinds, ' +
          '(SELECT COUNT(*) FROM curri_decision_devices) AS devices, ' +
          '(SELECT COUNT(*) FROM curri_decisions WHERE transformed_calling_number IS NULL) AS no_calling',
      )) as Array<Record<string, unknown>>;
      expect([Number(counts?.kinds), Number(counts?.devices), Number(counts?.no_calling)]).toEqual([4, 2, 3]);
      // New decisions get ids after the kept ones.
      await db.dataSource.query(
        `INSERT INTO curri_decisions (decided_at, kind_id, latency_us) VALUES (${p(1)}, 1, 5)`,
        [1_700_000_003_000],
      );
      const [last] = (await db.dataSource.query('SELECT MAX(id) AS id FROM curri_decisions')) as Array<{ id: unknown }>;
      expect(Number(last?.id)).toBe(Math.max(...old.map((r) => r.id)) + 1);

      // And back: the wide table with every text again (later migrations undone first).
      for (let n = migrations.length - before.length; n > 0; n--) await db.dataSource.undoLastMigration();
      const back = normalise(await db.dataSource.query(read.replace('%s', 'curri_decisions')));
      expect(back.slice(0, old.length)).toEqual(old);
      expect(back).toHaveLength(old.length + 1);
    });
  });
}
