import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTextSql } from '../src/store/index.js';
import { makeTempDir, type TestDatabase } from '../test/harness/index.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';
import {
  countCalls,
  ingestOutcome,
  openDatabaseWithDemoDirectory,
  runIngestChild,
} from './testing/ingest-child-runs.js';

const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'fixtures', 'cdr');
const tmp = makeTempDir('tollgate-disk-full-');
afterAll(() => tmp.cleanup());

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/**
 * The disk refusing writes in the middle of a file: the ingest process may
 * write no file beyond a few MB more than the database holds (RLIMIT_FSIZE:
 * EFBIG, which SQLite reports as a disk I/O error, as it reports ENOSPC as
 * "database or disk is full"; both roll the batch back). Only SQLite: with
 * PostgreSQL the server's disk is the server's, not this process's.
 */
describe('ingest when the disk refuses writes (sqlite)', () => {
  let clean: TestDatabase;
  let refused: TestDatabase;
  let files: string[];

  beforeAll(async () => {
    const generated = join(tmp.path, 'cdr_FullCluster_01_202611240200_1');
    await writeGeneratedCdrFile(generated, {
      records: 20_000,
      directory: trafficDirectory(300),
      seed: 5,
      clusterId: 'FullCluster',
    });
    files = [
      generated,
      ...readdirSync(fixtures)
        .filter((f) => /^cdr_StandAloneCluster_01_2026112310(10_3|50_9)$/.test(f))
        .map((f) => join(fixtures, f)),
    ];
    clean = await openDatabaseWithDemoDirectory('sqlite');
    refused = await openDatabaseWithDemoDirectory('sqlite');
  }, 120_000);
  afterAll(async () => {
    await clean?.close();
    await refused?.close();
  });

  it(
    'stops with a clear error, keeps what was committed, and a later run stores every record exactly once',
    { timeout: 300_000 },
    async () => {
      const reference = await runIngestChild(clean, files, { cwd: tmp.path });
      expect(reference.exitCode, reference.stdout).toBe(0);

      const dbFile = refused.url.slice('sqlite:'.length);
      const maxFileBytes = Math.max(sizeOf(dbFile), sizeOf(`${dbFile}-wal`)) + 4 * 1024 * 1024;
      const full = await runIngestChild(refused, files, { cwd: tmp.path, maxFileBytes });
      // The process itself carries on and reports each file it could not store (small ones may still fit).
      expect(full.exitCode, full.stdout).toBe(0);
      const summary = JSON.parse(full.stdout) as { failures: Array<{ path: string; error: string }> };
      expect(summary.failures.map((f) => f.path)).toContain(files[0]);
      for (const failure of summary.failures) expect(failure.error).toMatch(/disk I\/O error|database or disk is full/);

      // Mid-file: some batches committed, the rest not, and nothing half-written is visible.
      const [ledger] = (await refused.dataSource.query(
        'SELECT status, lines_committed AS lines, records_stored AS stored FROM cdr_files WHERE ' +
          "name = 'cdr_FullCluster_01_202611240200_1'",
      )) as Array<{
        status: string;
        lines: number;
        stored: number;
      }>;
      const expected = await countCalls(clean);
      expect(ledger?.status).toBe('processing');
      expect(Number(ledger?.stored)).toBeGreaterThan(0);
      expect(Number(ledger?.stored)).toBeLessThan(expected);
      const [inFile] = (await refused.dataSource.query(
        `SELECT COUNT(*) AS n FROM calls c WHERE ${callTextSql('clusterId')} = 'FullCluster'`,
      )) as Array<{ n: number }>;
      expect(Number(inFile?.n)).toBe(Number(ledger?.stored));

      // Space again: the next delivery resumes after the last committed line.
      const after = await runIngestChild(refused, files, { cwd: tmp.path });
      expect(after.exitCode, after.stdout).toBe(0);
      expect((JSON.parse(after.stdout) as { failures: unknown[] }).failures).toEqual([]);
      const [a, b] = [await ingestOutcome(clean), await ingestOutcome(refused)];
      expect(b.files).toEqual(a.files);
      expect(b.rejects).toEqual(a.rejects);
      expect(b.calls.length).toBe(a.calls.length);
      expect(b.calls).toEqual(a.calls);
      // Each call once in the summaries and rollups: a refused batch's deltas went with its calls.
      expect(b.rollups).toEqual(a.rollups);
      expect(a.calls.length).toBeGreaterThan(20_000 - 1);
    },
  );
});
