import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { configSchema } from '../src/config/index.js';
import { createDirectoryImportService } from '../src/directory/index.js';
import { createEventBus, type CallsStoredEvent, type EventBus } from '../src/events/index.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createCdrCollector, type CdrCollector } from './index.js';
import { cucmCdrHeaders } from './testing/cucm-file-format.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';
import { outgoing } from './testing/outgoing-cdr.js';
import { renderCucmFile } from './testing/render-cucm-file.js';

const fields = cucmCdrHeaders['cucm-12.5'];

describe('CDR collector composed with the event bus', () => {
  let db: TestDatabase;
  let temp: { path: string; cleanup: () => void };
  let events: EventBus;
  let collector: CdrCollector;
  const stored: CallsStoredEvent[] = [];
  const file = (name: string, records: Array<Record<string, string | number>>) => {
    const path = join(temp.path, name);
    writeFileSync(path, renderCucmFile('cdr', fields, records));
    return path;
  };

  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    temp = makeTempDir('tollgate-collector-');
    events = createEventBus(() => undefined);
    stored.length = 0;
    events.on('calls.stored', (e) => stored.push(e));
    const config = configSchema.parse({
      general: { dataDir: temp.path },
      cdr: { dropFolder: { enabled: false }, batchSize: 2, pstnDevicePatterns: ['^GW_'] },
    });
    collector = createCdrCollector({
      config,
      dataSource: db.dataSource,
      events,
      log: pino({ level: 'silent' }),
      clock: systemClock,
    });
    await collector.start();
  });
  afterEach(async () => {
    await collector.stop();
    await db.close();
    temp.cleanup();
  });

  it('announces each committed batch on calls.stored with the stored calls, rated', async () => {
    const name = 'cdr_StandAloneCluster_01_202611231000_1';
    const result = await collector.ingest({
      path: file(name, [outgoing(1, '2001', 60), outgoing(2, '2002', 120), outgoing(3, '2003', 30)]),
      source: 'test',
    });
    expect(result.outcome).toBe('stored');
    expect(stored.map((e) => e.calls.length)).toEqual([2, 1]);
    const ids = (await db.dataSource.query('SELECT id FROM calls ORDER BY id')) as Array<{ id: number }>;
    const calls = stored.flatMap((e) => e.calls);
    expect(calls.map((c) => c.id)).toEqual(ids.map((r) => r.id));
    // Italian mobile, sample plan: 0.05 + 0.085 €/min, 30/1 increments, rounded up to the cent.
    expect(calls.map((c) => [c.direction, c.costMinor, c.currency, c.destinationType])).toEqual([
      ['outgoing', 14, 'EUR', 'mobile'],
      ['outgoing', 22, 'EUR', 'mobile'],
      ['outgoing', 10, 'EUR', 'mobile'],
    ]);
    expect(stored.every((e) => e.fileName === name)).toBe(true);
  });

  it('uses the directory as it is after directory.changed: a new line owns its next calls', async () => {
    await collector.ingest({
      path: file('cdr_StandAloneCluster_01_202611231000_1', [outgoing(1, '2999', 60)]),
      source: 'test',
    });
    const csv = join(temp.path, 'lines.csv');
    writeFileSync(csv, 'extension,partition,site\n2999,PT_Internal,default\n');
    await createDirectoryImportService({
      dataSource: db.dataSource,
      events,
      log: pino({ level: 'silent' }),
    }).importFiles([csv]);
    await collector.ingest({
      path: file('cdr_StandAloneCluster_01_202611231001_2', [outgoing(2, '2999', 60)]),
      source: 'test',
    });
    const rows = (await db.dataSource.query(
      'SELECT global_call_id, owner_known, owner_line_id FROM calls ORDER BY global_call_id',
    )) as Array<Record<string, number>>;
    expect(rows.map((r) => [r.global_call_id, r.owner_known, r.owner_line_id === null ? null : 'line'])).toEqual([
      [1, 0, null],
      [2, 1, 'line'],
    ]);
  });

  it('stops at a batch boundary when the daemon stops, and the next delivery resumes where it stopped', async () => {
    const path = join(temp.path, 'cdr_Big_01_202611231000_1');
    await writeGeneratedCdrFile(path, { records: 20_000, directory: trafficDirectory(20), seed: 3 });
    const running = collector.ingest({ path, source: 'test' });
    const outcome = running.then(
      () => 'finished',
      (err: Error) => err.message,
    );
    while (stored.length === 0) await new Promise((r) => setTimeout(r, 10));
    await collector.stop();
    expect(await outcome).toMatch(/interrupted; it resumes on its next delivery/);
    const [entry] = (await db.dataSource.query(
      'SELECT status, lines_committed, records_stored FROM cdr_files',
    )) as Array<Record<string, number | string>>;
    expect(entry?.status).toBe('processing');
    expect(Number(entry?.lines_committed)).toBeGreaterThan(2);
    expect(Number(entry?.records_stored)).toBe(Number(entry?.lines_committed) - 2);

    const config = configSchema.parse({ general: { dataDir: temp.path }, cdr: { dropFolder: { enabled: false } } });
    collector = createCdrCollector({
      config,
      dataSource: db.dataSource,
      events,
      log: pino({ level: 'silent' }),
      clock: systemClock,
    });
    await collector.start();
    const resumed = await collector.ingest({ path, source: 'test' });
    expect(resumed).toMatchObject({
      outcome: 'stored',
      resumedAfterLine: Number(entry?.lines_committed),
      records: { total: 20_000, stored: 20_000, duplicate: 0 },
    });
    expect(((await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>)[0]?.n).toBe(20_000);
  }, 60_000);

  it('reports the ledger and the live state for SOAP and health checks', async () => {
    await collector.ingest({
      path: file('cdr_StandAloneCluster_01_202611231000_1', [outgoing(1, '2001', 60)]),
      source: 'test',
    });
    await collector.ingest({
      path: join(temp.path, 'cdr_StandAloneCluster_01_202611231000_1'),
      name: 'cdr_again',
      source: 'test',
    });
    const status = await collector.status({ recentFiles: 10 });
    expect(status.files).toEqual({ processing: 0, stored: 1, quarantined: 0 });
    expect(status.recent).toHaveLength(1);
    expect(status.recent[0]).toMatchObject({
      name: 'cdr_StandAloneCluster_01_202611231000_1',
      status: 'stored',
      records: 1,
      stored: 1,
    });
    expect(status.lastCallIngestedAt).toBeInstanceOf(Date);
    expect(status.live.lastFile).toMatchObject({ name: 'cdr_again', outcome: 'duplicate' });
    expect(status.live.sources).toEqual([]);
  });
});
