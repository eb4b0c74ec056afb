import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryImportService } from '../src/directory/index.js';
import { createEventBus } from '../src/events/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';

const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const child = join(import.meta.dirname, 'testing', 'ingest-child.ts');
const fixtures = join(root, 'fixtures', 'cdr');
const demo = join(root, 'fixtures', 'demo');
const tmp = makeTempDir('tollgate-crash-');
afterAll(() => tmp.cleanup());

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

interface Run {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  ms: number;
}

const countCalls = async (db: TestDatabase) => Number(((await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>)[0]?.n);

/**
 * Runs the ingest child. With `kill`, SIGKILLs it (the worker thread dies with
 * it, mid-batch or not) `afterMs` after it starts, or as soon as at least
 * `atCalls` calls are stored. Counting, not timing, makes the mid-file kills
 * land mid-file however fast or loaded the machine is.
 */
function runChild(db: TestDatabase, files: string[], kill?: { afterMs: number } | { atCalls: number }): Promise<Run> {
  const started = Date.now();
  const args = JSON.stringify({ database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) }, files, batchSize: 400 });
  const proc = spawn(process.execPath, ['--import', tsxLoader, child, args], { cwd: tmp.path, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', () => undefined);
  let timer: NodeJS.Timeout | null = null;
  let exited = false;
  if (kill && 'afterMs' in kill) timer = setTimeout(() => proc.kill('SIGKILL'), kill.afterMs);
  if (kill && 'atCalls' in kill) {
    void (async () => {
      while (!exited && (await countCalls(db)) < kill.atCalls) await new Promise((r) => setTimeout(r, 5));
      if (!exited) proc.kill('SIGKILL');
    })();
  }
  return new Promise((resolve) =>
    proc.on('exit', (exitCode, signal) => {
      exited = true;
      if (timer) clearTimeout(timer);
      resolve({ exitCode, signal, stdout, ms: Date.now() - started });
    }),
  );
}

type Row = Record<string, unknown>;
const normalise = (rows: Row[]) => rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v === null ? null : String(v)]))));

/** Everything ingest decides, without the ids and times that differ between runs by nature. */
async function snapshot(db: TestDatabase) {
  const calls = (await db.dataSource.query('SELECT * FROM calls ORDER BY cluster_id, global_call_manager_id, global_call_id, orig_leg_id, dest_leg_id')) as Row[];
  for (const c of calls) {
    delete c.id;
    delete c.file_id;
    delete c.ingested_at;
  }
  const files = (await db.dataSource.query(
    'SELECT name, status, kind, records_total, records_stored, records_duplicate, records_rejected, records_skipped, lines_committed FROM cdr_files ORDER BY name',
  )) as Row[];
  const rejects = (await db.dataSource.query('SELECT f.name, r.line_no, r.reason, r.raw FROM cdr_rejects r JOIN cdr_files f ON f.id = r.file_id ORDER BY f.name, r.line_no')) as Row[];
  return { calls: normalise(calls), files: normalise(files), rejects: normalise(rejects) };
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
      await writeGeneratedCdrFile(generated, { records: 40_000, directory: trafficDirectory(300), seed: 99, clusterId: 'CrashCluster' });
      files = [generated, ...readdirSync(fixtures).filter((f) => /^cdr_StandAloneCluster_01_2026112310(10_3|50_9)$/.test(f)).map((f) => join(fixtures, f))];
      clean = await openTestDatabase(kind);
      crashed = await openTestDatabase(kind);
      for (const db of [clean, crashed]) {
        const directory = createDirectoryImportService({ dataSource: db.dataSource, events: createEventBus(() => undefined), log: pino({ level: 'silent' }) });
        await directory.importFiles(readdirSync(demo).filter((f) => f.endsWith('.csv')).map((f) => join(demo, f)));
      }
    }, 120_000);
    afterAll(async () => {
      await clean?.close();
      await crashed?.close();
    });

    it('ends with every record stored exactly once, as in a run that was never interrupted', { timeout: 300_000 }, async () => {
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
        const processing = (await crashed.dataSource.query("SELECT COUNT(*) AS n FROM cdr_files WHERE status = 'processing'")) as Array<{ n: number }>;
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
      expect(a.calls.length).toBeGreaterThan(40_000 - 1);
    });
  });
}
