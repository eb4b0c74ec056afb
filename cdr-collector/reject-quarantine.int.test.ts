import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { configSchema } from '../src/config/index.js';
import { createEventBus } from '../src/events/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createCdrCollector, type CdrCollector } from './index.js';
import { cucmCdrHeaders } from './testing/cucm-file-format.js';
import { outgoing } from './testing/outgoing-cdr.js';
import { renderCucmFile } from './testing/render-cucm-file.js';

const fields = cucmCdrHeaders['cucm-12.5'];
const call = (gcid: number) => outgoing(gcid, '2001', 30);
const calls = (from: number, count: number) => Array.from({ length: count }, (_, i) => call(from + i));
const garbage = (count: number, tag: string) => Array.from({ length: count }, (_, i) => `garbage ${tag} ${i}`);

/** A CUCM file: header and types line, then `body` in order (records or raw lines). */
function cucmFile(path: string, body: Array<Array<ReturnType<typeof call>> | string[]>): string {
  const lines = renderCucmFile('cdr', fields, []).split('\n').filter(Boolean);
  for (const part of body) {
    if (typeof part[0] === 'string') lines.push(...(part as string[]));
    else
      lines.push(
        ...renderCucmFile('cdr', fields, part as Array<ReturnType<typeof call>>)
          .split('\n')
          .filter(Boolean)
          .slice(2),
      );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe.each(databaseKindsUnderTest())('files that are mostly rejects, on %s', (kind) => {
  let db: TestDatabase;
  let temp: { path: string; cleanup: () => void };
  let collector: CdrCollector;
  const metrics = new Registry();
  const count = async (sql: string) =>
    Number(((await db.dataSource.query(sql)) as Array<{ n: number | string }>)[0]!.n);
  const ledger = async (name: string) =>
    (
      (await db.dataSource.query(
        `SELECT status, records_total AS total, records_rejected AS rejected, records_stored AS ` +
          `stored, id FROM cdr_files WHERE name = '${name}'`,
      )) as Array<Record<string, unknown>>
    )[0]!;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    temp = makeTempDir('tollgate-rejects-');
    const config = configSchema.parse({
      general: { dataDir: temp.path },
      cdr: {
        dropFolder: { enabled: false },
        batchSize: 50,
        pstnDevicePatterns: ['^GW_'],
        quarantineMinLines: 200,
        quarantineRejectShare: 0.5,
        maxStoredRejectsPerFile: 40,
      },
    });
    collector = createCdrCollector({
      config,
      dataSource: db.dataSource,
      events: createEventBus(() => undefined),
      log: pino({ level: 'silent' }),
      clock: systemClock,
      metrics,
    });
    await collector.start();
  }, 60_000);
  afterAll(async () => {
    await collector.stop();
    await db.close();
    temp.cleanup();
  });

  it(
    'quarantines a valid header followed by garbage midway, keeps the calls stored before, and ' +
      'stores them once on re-delivery',
    async () => {
      const path = cucmFile(join(temp.path, 'cdr_StandAloneCluster_01_202611231000_1'), [
        calls(1, 120),
        garbage(5000, 'a'),
      ]);
      const result = await collector.ingest({ path, source: 'test' });
      expect(result.outcome).toBe('quarantined');
      expect(result.reason).toMatch(/^121 of 241 records rejected \(more than 50%\), quarantined at line 243$/);
      const entry = await ledger('cdr_StandAloneCluster_01_202611231000_1');
      expect(entry.status).toBe('quarantined');
      expect(Number(entry.total)).toBe(241);
      expect(Number(entry.rejected)).toBe(121);
      expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(120);
      expect(await count(`SELECT COUNT(*) AS n FROM cdr_rejects WHERE file_id = ${Number(entry.id)}`)).toBe(40);

      const again = await collector.ingest({
        path,
        name: 'cdr_StandAloneCluster_01_202611231000_1.again',
        source: 'test',
      });
      expect(again.outcome).toBe('duplicate');
      expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(120);
    },
  );

  it('judges the share again at the end of the file', async () => {
    // 150 rejects come before the 200th record, so only the end of the file can tell.
    const path = cucmFile(join(temp.path, 'cdr_StandAloneCluster_01_202611231001_2'), [
      garbage(150, 'b'),
      calls(1001, 60),
    ]);
    const result = await collector.ingest({ path, source: 'test' });
    expect(result.outcome).toBe('quarantined');
    expect(result.reason).toMatch(/^150 of 210 records rejected/);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(180);
  });

  it('stores a file with some rejects, keeping only the first lines of them', async () => {
    const path = cucmFile(join(temp.path, 'cdr_StandAloneCluster_01_202611231002_3'), [
      calls(2001, 100),
      garbage(60, 'c'),
      calls(2101, 100),
    ]);
    const result = await collector.ingest({ path, source: 'test' });
    expect(result.outcome).toBe('stored');
    expect(result.records).toMatchObject({ total: 260, stored: 200, rejected: 60 });
    const entry = await ledger('cdr_StandAloneCluster_01_202611231002_3');
    expect(await count(`SELECT COUNT(*) AS n FROM cdr_rejects WHERE file_id = ${Number(entry.id)}`)).toBe(40);
  });

  it('shows quarantined files in the live status (degraded) and in the metrics', async () => {
    const live = collector.live();
    expect(live.health).toBe('degraded');
    expect(live.quarantined.files).toBe(2);
    expect(live.quarantined.last).toMatchObject({
      name: 'cdr_StandAloneCluster_01_202611231001_2',
      reason: expect.stringMatching(/records rejected/),
    });
    const text = await metrics.metrics();
    expect(text).toMatch(/^tollgate_cdr_files_quarantined_total 2$/m);
    expect(text).toMatch(/^tollgate_cdr_rejected_records 331$/m);
  });
});
