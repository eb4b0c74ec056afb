import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { ingestFiles } from './ingest-files.js';
import { createBusyFlag, createIngestPacer, startBusyMonitor } from './ingest-pacing.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';

/** Keeps this thread's event loop working (slices of `sliceMs`, other callbacks between them) until `stop` resolves. */
async function keepBusy(stop: Promise<unknown>, sliceMs = 40): Promise<void> {
  let done = false;
  void stop.then(() => (done = true));
  while (!done) {
    const until = performance.now() + sliceMs;
    while (performance.now() < until) {
      // working
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe('ingest pacing', () => {
  it('raises the shared flag while the event loop is busy and lowers it when it idles', async () => {
    const flag = createBusyFlag();
    const monitor = startBusyMonitor(flag);
    const word = new Int32Array(flag);
    try {
      await keepBusy(sleep(400));
      expect(Atomics.load(word, 0)).toBe(1);
      await sleep(350);
      expect(Atomics.load(word, 0)).toBe(0);
    } finally {
      monitor.stop();
    }
  });

  it('pauses twice as long as the batch took while the flag is up, up to 2 s, and never without a flag', () => {
    const flag = createBusyFlag();
    const pacer = createIngestPacer(flag);
    expect(pacer.pauseAfter(120)).toBe(0);
    Atomics.store(new Int32Array(flag), 0, 1);
    expect(pacer.pauseAfter(120)).toBe(240);
    expect(pacer.pauseAfter(5000)).toBe(2000);
    expect(createIngestPacer(undefined).pauseAfter(120)).toBe(0);
  });

  describe('through the ingest worker', () => {
    let db: TestDatabase;
    const temp = makeTempDir('tollgate-pacing-');
    const path = join(temp.path, 'cdr_StandAloneCluster_01_202611231200_1');

    beforeAll(async () => {
      db = await openTestDatabase('sqlite');
      await writeGeneratedCdrFile(path, { records: 3000, directory: trafficDirectory(20), seed: 5 });
    });
    afterAll(async () => {
      await db.close();
      temp.cleanup();
    });

    const ingest = (yieldWhenBusy: boolean) =>
      ingestFiles([path], {
        config: configSchema.parse({ logging: { level: 'silent' }, cdr: { batchSize: 100, yieldWhenBusy } }),
        database: { url: db.url },
        log: pino({ level: 'silent' }),
      });

    it('pauses between batches while the daemon is busy, and stores every record all the same', async () => {
      const run = ingest(true);
      await keepBusy(run);
      const summary = await run;
      const result = summary.files[0];
      expect(result?.outcome).toBe('stored');
      expect(result?.records.stored).toBe(3000);
      expect(result?.pausedMs ?? 0).toBeGreaterThan(0);
      const [row] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>;
      expect(Number(row?.n)).toBe(3000);
    });

    it('never pauses with cdr.yieldWhenBusy off', async () => {
      await db.dataSource.query('DELETE FROM calls');
      await db.dataSource.query('DELETE FROM cdr_files');
      const run = ingest(false);
      await keepBusy(run);
      const result = (await run).files[0];
      expect(result?.records.stored).toBe(3000);
      expect(result?.pausedMs).toBeUndefined();
    });
  });
});
