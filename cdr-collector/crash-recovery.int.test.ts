import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, makeTempDir, type TestDatabase } from '../test/harness/index.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';
import {
  countCalls,
  ingestOutcome as snapshot,
  openDatabaseWithDemoDirectory,
  runIngestChild,
  type ChildRunOptions,
} from './testing/ingest-child-runs.js';

const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'fixtures', 'cdr');
const tmp = makeTempDir('tollgate-crash-');
afterAll(() => tmp.cleanup());

/** The ingest child on these files; `kill` SIGKILLs it (the worker thread dies with it, mid-batch or not). */
const runChild = (db: TestDatabase, files: string[], kill?: ChildRunOptions['kill']) =>
  runIngestChild(db, files, { cwd: tmp.path, kill });

/** Seeded PRNG so that a failing run can be replayed with the printed seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const kind of databaseKindsUnderTest()) {
  describe(`ingest killed at random moments (${kind})`, () => {
    const seed = Number(String(Date.now()).slice(-6));
    const rnd = random(seed);
    let clean: TestDatabase;
    let crashed: TestDatabase;
    let files: string[];

    beforeAll(async () => {
      const generated = join(tmp.path, `cdr_CrashCluster_01_202611231200_${kind}`);
      await writeGeneratedCdrFile(generated, {
        records: 40_000,
        directory: trafficDirectory(300),
        seed: 99,
        clusterId: 'CrashCluster',
      });
      files = [
        generated,
        ...readdirSync(fixtures)
          .filter((f) => /^cdr_StandAloneCluster_01_2026112310(10_3|50_9)$/.test(f))
          .map((f) => join(fixtures, f)),
      ];
      clean = await openDatabaseWithDemoDirectory(kind);
      crashed = await openDatabaseWithDemoDirectory(kind);
    }, 120_000);
    afterAll(async () => {
      await clean?.close();
      await crashed?.close();
    });

    it(
      'ends with every record stored exactly once, as in a run that was never interrupted',
      { timeout: 300_000 },
      async () => {
        const reference = await runChild(clean, files);
        expect(reference.exitCode, reference.stdout).toBe(0);
        const kills: string[] = [];
        let interruptedMidFile = 0;
        const expected = await countCalls(clean);
        for (let i = 0; i < 5; i++) {
          // Four kills while the big file's batches are being committed (each a random share further on),
          // then one at a random time from start-up on (it may come before any batch, or too late).
          const run =
            i < 4
              ? await (async () => {
                  const stored = await countCalls(crashed);
                  const atCalls = stored + 1 + Math.floor(rnd() * (expected - stored) * 0.25);
                  kills.push(`calls>=${atCalls}`);
                  return runChild(crashed, files, { atCalls });
                })()
              : await (async () => {
                  const afterMs = Math.round(rnd() * reference.ms);
                  kills.push(`${afterMs}ms`);
                  return runChild(crashed, files, { afterMs });
                })();
          if (run.signal !== 'SIGKILL') break;
          const processing = (await crashed.dataSource.query(
            "SELECT COUNT(*) AS n FROM cdr_files WHERE status = 'processing'",
          )) as Array<{ n: number }>;
          if (Number(processing[0]?.n) > 0) interruptedMidFile++;
        }
        // The test means something only if some kill left a file half stored.
        expect(interruptedMidFile, `seed ${seed}, kills at ${kills.join(', ')}`).toBeGreaterThan(0);
        const last = await runChild(crashed, files);
        expect(last.exitCode, `seed ${seed}, kills at ${kills.join(', ')}`).toBe(0);
        const [a, b] = [await snapshot(clean), await snapshot(crashed)];
        expect(b.files, `seed ${seed}, kills at ${kills.join(', ')}`).toEqual(a.files);
        expect(b.rejects.length).toBe(a.rejects.length);
        expect(b.rejects).toEqual(a.rejects);
        expect(b.calls.length).toBe(a.calls.length);
        expect(b.calls).toEqual(a.calls);
        // Summaries and rollups hold each call once, whatever rows the kills left them in.
        expect(b.rollups).toEqual(a.rollups);
        expect(a.calls.length).toBeGreaterThan(40_000 - 1);
      },
    );
  });
}
