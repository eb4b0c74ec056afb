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
  const query = async (sql: string) => (await db.dataSource.query(sql)) as Array<Record<string, number | string | null>>;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const files = readdirSync(demo);
    const directory = createDirectoryImportService({ dataSource: db.dataSource, events: createEventBus(() => undefined), log: pino({ level: 'silent' }) });
    await directory.importFiles(files.filter((f) => f.endsWith('.csv')).map((f) => join(demo, f)));
    const cucm = files.filter((f) => /^(cdr|cmr)_/.test(f)).map((f) => join(demo, f));
    summary = await ingestFiles(cucm, { config: configSchema.parse({}), database: { url: db.url }, log: pino({ level: 'silent' }) });
  }, 60_000);
  afterAll(async () => db?.close());

  it('stores every record, none rejected', () => {
    expect(summary.failures).toEqual([]);
    expect(summary.files.map((f) => f.outcome)).toEqual(['stored', 'stored']);
    expect(summary.records.rejected).toBe(0);
    expect(summary.records.stored).toBe(summary.records.total);
  });

  it('owns every call by a demo line and rates every external call', async () => {
    expect(await query('SELECT COUNT(*) AS n FROM calls WHERE owner_known = 0 OR owner_line_id IS NULL')).toEqual([{ n: 0 }]);
    expect(await query("SELECT COUNT(*) AS n FROM calls WHERE direction IN ('outgoing', 'transit') AND (cost_minor IS NULL OR currency <> 'EUR')")).toEqual([{ n: 0 }]);
    const directions = (await query('SELECT DISTINCT direction FROM calls ORDER BY direction')).map((r) => r.direction);
    expect(directions).toEqual(['incoming', 'internal', 'outgoing', 'transit']);
  });

  it('joins the voice quality of every CMR to its call', async () => {
    const cmrs = summary.files.find((f) => f.kind === 'cmr')?.records.stored;
    expect(await query('SELECT COUNT(*) AS n FROM calls WHERE mos IS NOT NULL')).toEqual([{ n: cmrs }]);
  });
});
