import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: four call columns become generated columns, computed from narrower stored ones, under the same names,
 * so that every reader, index and trigger reads them as before (src/call-layout/call-columns.ts, `stored`):
 *
 * - `direction` from `direction_code`, the position of the direction in outgoing, incoming, internal, transit,
 *   unknown (8 bytes a call on SQLite become 0 or 1);
 * - `destination_type` from `destination_type_code`, the position of the type in the tariffs' closed set (NULL for
 *   NULL: calls not rated by destination);
 * - `calling_number` from `calling_number_if_other`, NULL when the calling number is the owner's extension (every
 *   call the owner made);
 * - `outpulsed_called_number` from `outpulsed_called_number_if_other`, NULL when CUCM outpulsed the dialled number.
 *
 * SQLite computes them when read (VIRTUAL: no bytes stored); PostgreSQL stores them (STORED: it has no other kind
 * before version 18), so there the change only moves the writers to the stored columns. Writers write the stored
 * columns; the triggers that follow updates of the direction and the destination type now follow their codes. Every
 * stored call keeps its values: `up` fills the stored columns from the old ones before they go, `down` the reverse;
 * a text outside a closed set stops `up` (its code column refuses NULL, or the generated column does) rather than
 * being lost.
 */
export class CallsGeneratedColumns1797500000000 implements MigrationInterface {
  name = 'CallsGeneratedColumns1797500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE calls ADD COLUMN direction_code integer NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE calls ADD COLUMN destination_type_code integer');
    await q.query('ALTER TABLE calls ADD COLUMN calling_number_if_other varchar(64)');
    await q.query('ALTER TABLE calls ADD COLUMN outpulsed_called_number_if_other varchar(64)');
    await q.query(
      `UPDATE calls SET direction_code = ${codeOf('direction', DIRECTIONS)}, ` +
        `destination_type_code = ${codeOf('destination_type', DESTINATION_TYPES)}, ` +
        'calling_number_if_other = NULLIF(calling_number, owner_extension), ' +
        'outpulsed_called_number_if_other = NULLIF(outpulsed_called_number, dialled_number) ' +
        "WHERE direction <> 'outgoing' OR destination_type IS NOT NULL OR calling_number <> owner_extension " +
        'OR outpulsed_called_number <> dialled_number',
    );
    // A destination type outside the set would read back as NULL: refuse it as the direction's code refuses.
    const [odd] = (await q.query(
      'SELECT destination_type AS t FROM calls WHERE destination_type IS NOT NULL AND destination_type_code IS NULL',
    )) as Array<{ t: string }>;
    if (odd) throw new Error(`calls.destination_type '${odd.t}' is not a destination type: correct it, then migrate`);
    await rebuildingDependents(q, FOLLOW, async () => {
      for (const c of GENERATED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.name}`);
      await addGenerated(q);
    });
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = isPostgres(q);
    for (const c of GENERATED) {
      const fallback = c.name === 'direction' ? "'outgoing'" : "''";
      await q.query(
        c.nullable
          ? `ALTER TABLE calls ADD COLUMN ${c.name}_plain ${c.type}`
          : `ALTER TABLE calls ADD COLUMN ${c.name}_plain ${c.type} NOT NULL DEFAULT ${fallback}`,
      );
    }
    await q.query(`UPDATE calls SET ${GENERATED.map((c) => `${c.name}_plain = ${c.name}`).join(', ')}`);
    const back = Object.fromEntries(Object.entries(FOLLOW).map(([from, to]) => [to, from]));
    await rebuildingDependents(q, back, async () => {
      for (const c of GENERATED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.name}`);
      for (const c of GENERATED) await q.query(`ALTER TABLE calls DROP COLUMN ${c.stored}`);
      for (const c of GENERATED) {
        await q.query(`ALTER TABLE calls RENAME COLUMN ${c.name}_plain TO ${c.name}`);
        // As migration 1795680000000 made them (SQLite keeps the defaults: it cannot drop one).
        if (postgres && c.name === 'direction') await q.query('ALTER TABLE calls ALTER COLUMN direction DROP DEFAULT');
      }
    });
  }
}

/** The directions, in the order of their codes (callDirectionCodes). */
const DIRECTIONS = ['outgoing', 'incoming', 'internal', 'transit', 'unknown'];
/** The destination types, in the order of their codes (callDestinationTypeCodes). */
const DESTINATION_TYPES = [
  'fixed-local',
  'fixed-national',
  'mobile',
  'toll-free',
  'premium',
  'shared-cost',
  'emergency',
  'internal',
  'special',
  'unknown',
];
/** The code of the text in the old column `column` (NULL for NULL and for a text outside `texts`). */
const codeOf = (column: string, texts: string[]) =>
  `CASE ${column} ${texts.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} END`;
/** The text of the code in `column` (the reverse of codeOf). */
const textOf = (column: string, texts: string[]) =>
  `CASE ${column} ${texts.map((t, i) => `WHEN ${i} THEN '${t}'`).join(' ')} END`;
/** The columns the triggers followed, and the stored ones they follow from now on. */
const FOLLOW: Record<string, string> = { direction: 'direction_code', destination_type: 'destination_type_code' };

/** The generated columns, their types and the SQL that computes each (callGeneratedSql gives the same). */
const GENERATED = [
  { name: 'direction', type: 'varchar(16)', stored: 'direction_code', sql: textOf('direction_code', DIRECTIONS) },
  {
    name: 'destination_type',
    type: 'varchar(16)',
    stored: 'destination_type_code',
    sql: textOf('destination_type_code', DESTINATION_TYPES),
    nullable: true,
  },
  {
    name: 'calling_number',
    type: 'varchar(64)',
    stored: 'calling_number_if_other',
    sql: 'COALESCE(calling_number_if_other, owner_extension)',
  },
  {
    name: 'outpulsed_called_number',
    type: 'varchar(64)',
    stored: 'outpulsed_called_number_if_other',
    sql: 'COALESCE(outpulsed_called_number_if_other, dialled_number)',
  },
];

export const callsGeneratedColumnsSql: Readonly<Record<string, string>> = Object.fromEntries(
  GENERATED.map((c) => [c.name, c.sql]),
);

const notNull = (c: { nullable?: boolean }) => (c.nullable ? '' : ' NOT NULL');
const isPostgres = (q: QueryRunner) => q.connection.driver.options.type === 'postgres';

async function addGenerated(q: QueryRunner): Promise<void> {
  if (isPostgres(q)) {
    // One ALTER: PostgreSQL rewrites the table once for the three.
    const adds = GENERATED.map(
      (c) => `ADD COLUMN ${c.name} ${c.type}${notNull(c)} GENERATED ALWAYS AS (${c.sql}) STORED`,
    );
    await q.query(`ALTER TABLE calls ${adds.join(', ')}`);
    return;
  }
  for (const c of GENERATED)
    await q.query(
      `ALTER TABLE calls ADD COLUMN ${c.name} ${c.type}${notNull(c)} GENERATED ALWAYS AS (${c.sql}) VIRTUAL`,
    );
}

/**
 * Runs `fn` with the calls' triggers and the indexes that name the columns it drops (the SQLite index by remote
 * number names the direction and the calling number) dropped, then creates them again as they were, except that
 * the triggers that follow updates of a column of `follow` follow the column it names instead (an update cannot name
 * a generated column).
 */
async function rebuildingDependents(q: QueryRunner, follow: Record<string, string>, fn: () => Promise<void>) {
  const postgres = isPostgres(q);
  const names = /\b(direction|destination_type|calling_number|outpulsed_called_number)\b/;
  const triggers = postgres
    ? ((await q.query(
        'SELECT tgname AS name, pg_get_triggerdef(t.oid) AS sql FROM pg_trigger t ' +
          "WHERE tgrelid = 'calls'::regclass AND NOT tgisinternal",
      )) as Array<{ name: string; sql: string }>)
    : // SQLite checks every trigger again when a column is dropped (see withoutSqliteTriggers).
      ((await q.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")) as Array<{
        name: string;
        sql: string;
      }>);
  const indexes = (
    postgres
      ? ((await q.query(
          "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'calls' " +
            'AND schemaname = current_schema()',
        )) as Array<{ name: string; sql: string }>)
      : ((await q.query(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
        )) as Array<{ name: string; sql: string }>)
  ).filter((i) => names.test(i.sql));
  for (const t of triggers) await q.query(postgres ? `DROP TRIGGER ${t.name} ON calls` : `DROP TRIGGER ${t.name}`);
  for (const i of indexes) await q.query(`DROP INDEX ${i.name}`);
  await fn();
  for (const i of indexes) await q.query(i.sql);
  const followed = (list: string) =>
    list
      .split(',')
      .map((c) => follow[c.trim()] ?? c.trim())
      .join(', ');
  for (const t of triggers)
    await q.query(t.sql.replace(/UPDATE OF (.*?) ON /s, (_, list: string) => `UPDATE OF ${followed(list)} ON `));
}
