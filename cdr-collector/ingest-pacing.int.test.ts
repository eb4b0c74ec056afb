import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createDirectoryReadModel } from '../src/directory/index.js';
import { ingestFiles } from './ingest-files.js';
import { createIngestWorker } from './ingest-worker-client.js';
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
    const smallPaths = [1, 2].map((n) => join(temp.path, `cdr_StandAloneCluster_01_20261123130${n}_${n}`));

    beforeAll(async () => {
      db = await openTestDatabase('sqlite');
      await writeGeneratedCdrFile(path, { records: 3000, directory: trafficDirectory(20), seed: 5 });
      for (const [i, small] of smallPaths.entries())
        await writeGeneratedCdrFile(small, {
          records: 40,
          directory: trafficDirectory(20),
          seed: 6 + i,
          clusterId: `Pacing${i}`,
        });
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

    it('counts no idle spell as work: a file arriving after one while the daemon is busy waits no 2 s', async () => {
      // The daemon's worker outlives its files. The pause before a file's first batch once counted the time since
      // the last batch (here 1.5 s of idling) as that batch's work: twice that, capped at 2 s.
      await db.dataSource.query('DELETE FROM calls');
      await db.dataSource.query('DELETE FROM cdr_files');
      const directory = createDirectoryReadModel({ dataSource: db.dataSource });
      const worker = createIngestWorker({
        config: configSchema.parse({ logging: { level: 'silent' }, cdr: { batchSize: 100, yieldWhenBusy: true } }),
        database: { url: db.url },
        log: pino({ level: 'silent' }),
        onCallsStored: () => undefined,
        directory: () => directory.snapshot(),
      });
      try {
        const first = await worker.ingest({ path: smallPaths[0] as string, source: 'test' });
        expect(first.records.stored).toBe(40);
        await sleep(1500);
        // Sent once this thread has been busy long enough for the flag to be up (the monitor samples every 100 ms).
        const run = sleep(300).then(() => worker.ingest({ path: smallPaths[1] as string, source: 'test' }));
        await keepBusy(run);
        const second = await run;
        expect(second.records.stored).toBe(40);
        // Its one batch's own pause (twice the batch's time) at most.
        expect(second.pausedMs ?? 0).toBeLessThan(1000);
      } finally {
        await worker.close();
      }
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
