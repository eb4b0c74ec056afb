import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { createDirectoryImportService } from '../src/directory/index.js';
import { createEventBus } from '../src/events/index.js';
import { openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { ingestFiles, type IngestFilesSummary } from './index.js';

const demo = join(import.meta.dirname, '..', 'fixtures', 'demo');

describe('the demo CDR and CMR files with the demo directory', () => {
  let db: TestDatabase;
  let summary: IngestFilesSummary;
  const query = async (sql: string) =>
    (await db.dataSource.query(sql)) as Array<Record<string, number | string | null>>;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const files = readdirSync(demo);
    const directory = createDirectoryImportService({
      dataSource: db.dataSource,
      events: createEventBus(() => undefined),
      log: pino({ level: 'silent' }),
    });
    await directory.importFiles(files.filter((f) => f.endsWith('.csv')).map((f) => join(demo, f)));
    const cucm = files.filter((f) => /^(cdr|cmr)_/.test(f)).map((f) => join(demo, f));
    summary = await ingestFiles(cucm, {
      config: configSchema.parse({}),
      database: { url: db.url },
      log: pino({ level: 'silent' }),
    });
  }, 60_000);
  afterAll(async () => db?.close());

  it('stores every record, none rejected', () => {
    expect(summary.failures).toEqual([]);
    expect(summary.files.map((f) => f.outcome)).toEqual(['stored', 'stored']);
    expect(summary.records.rejected).toBe(0);
    expect(summary.records.stored).toBe(summary.records.total);
  });

  it('owns every call by a demo line and rates every external call', async () => {
    expect(await query('SELECT COUNT(*) AS n FROM calls WHERE owner_known = 0 OR owner_line_id IS NULL')).toEqual([
      { n: 0 },
    ]);
    expect(
      await query(
        "SELECT COUNT(*) AS n FROM calls WHERE direction IN ('outgoing', 'transit') AND (cost_minor " +
          "IS NULL OR currency <> 'EUR')",
      ),
    ).toEqual([{ n: 0 }]);
    const directions = (await query('SELECT DISTINCT direction FROM calls ORDER BY direction')).map((r) => r.direction);
    expect(directions).toEqual(['incoming', 'internal', 'outgoing', 'transit']);
  });

  it('rates each outgoing number in the form of the field it came from: the German calls as Germany', async () => {
    // The default site is Italian with access code 0: finalCalledPartyNumber 0004930901820 (as dialled) went out
    // as 004930901820 (outpulsed, no access code), which is Berlin, +49 30 901820, not Padova (+39 049…).
    const rows = await query(
      'SELECT dialled_number AS n, destination_e164 AS e164, nation, destination_type AS type, ' +
        "COUNT(*) AS calls FROM calls WHERE direction IN ('outgoing', 'transit') " +
        'GROUP BY dialled_number, destination_e164, nation, destination_type ORDER BY dialled_number',
    );
    expect(rows.map((r) => [r.n, r.e164, r.nation, r.type])).toEqual([
      ['0012125551234', '+12125551234', 'US', 'fixed-national'],
      ['00442079460958', '+442079460958', 'GB', 'fixed-national'],
      ['004930901820', '+4930901820', 'DE', 'fixed-national'],
      ['0212345678', '+390212345678', 'IT', 'fixed-local'],
      ['0287654321', '+390287654321', 'IT', 'fixed-local'],
      ['055512345', '+39055512345', 'IT', 'fixed-national'],
      ['064123456', '+39064123456', 'IT', 'fixed-national'],
      ['3201112233', '+393201112233', 'IT', 'mobile'],
      ['3351234567', '+393351234567', 'IT', 'mobile'],
      ['3477654321', '+393477654321', 'IT', 'mobile'],
      ['800123456', '+39800123456', 'IT', 'toll-free'],
    ]);
    expect(await query("SELECT COUNT(*) AS n FROM calls WHERE nation = 'DE'")).toEqual([{ n: 8 }]);
    expect(await query("SELECT COUNT(*) AS n FROM calls WHERE destination_e164 LIKE '+39049%'")).toEqual([{ n: 0 }]);
  });

  it('joins the voice quality of every CMR to its call', async () => {
    const cmrs = summary.files.find((f) => f.kind === 'cmr')?.records.stored;
    expect(await query('SELECT COUNT(*) AS n FROM calls WHERE mos IS NOT NULL')).toEqual([{ n: cmrs }]);
  });
});
