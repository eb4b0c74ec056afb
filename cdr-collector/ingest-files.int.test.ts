import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { createDirectoryReadModel } from '../src/directory/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { ingestFiles } from './index.js';
import { createIngestWorker } from './ingest-worker-client.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cdr');
const FIRST = 'cdr_StandAloneCluster_01_202611231000_1';
const SECOND = 'cdr_StandAloneCluster_01_202611231005_2';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

for (const kind of databaseKindsUnderTest()) {
  describe(`ingestFiles hashes each file on the calling thread (${kind})`, () => {
    let db: TestDatabase;
    const dir = makeTempDir('tollgate-ingest-files-');
    const options = () => ({
      config: configSchema.parse({}),
      database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
      log: pino({ level: 'silent' }),
    });
    const directory = () => createDirectoryReadModel({ dataSource: db.dataSource }).snapshot();
    const ledger = async () =>
      (await db.dataSource.query('SELECT name, checksum, status FROM cdr_files ORDER BY id')) as Array<{
        name: string;
        checksum: string;
        status: string;
      }>;

    beforeAll(async () => {
      db = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await db?.close();
      dir.cleanup();
    });

    it('records the SHA-256 of each file, the identity a collector recognises it by', async () => {
      const paths = [join(fixtures, FIRST), join(dir.path, 'missing_01_202611231000_1'), join(fixtures, SECOND)];
      const summary = await ingestFiles(paths, options());
      expect(summary.files.map((f) => [f.name, f.outcome])).toEqual([
        [FIRST, 'stored'],
        [SECOND, 'stored'],
      ]);
      // The file that cannot be read (no checksum either) still fails as it did: the worker reports why.
      expect(summary.failures).toEqual([{ path: paths[1], error: expect.stringContaining('ENOENT') }]);
      expect(await ledger()).toEqual([
        { name: FIRST, checksum: sha256(join(fixtures, FIRST)), status: 'stored' },
        { name: SECOND, checksum: sha256(join(fixtures, SECOND)), status: 'stored' },
      ]);

      // The same bytes delivered again under another name, hashed by the worker as the collectors have it.
      const again = join(dir.path, 'cdr_StandAloneCluster_01_202611231100_12');
      copyFileSync(join(fixtures, SECOND), again);
      const worker = createIngestWorker({ ...options(), onCallsStored: () => undefined, directory });
      try {
        const result = await worker.ingest({ path: again, source: 'drop-folder' });
        expect(result.outcome).toBe('duplicate');
        expect(result.reason).toBe(`same content as ${SECOND} (stored)`);
      } finally {
        await worker.close();
      }
    }, 60_000);

    it('refuses its files with the reason when the directory cannot be read at its start', async () => {
      const worker = createIngestWorker({
        ...options(),
        onCallsStored: () => undefined,
        directory: () => Promise.reject(new Error('connection refused')),
      });
      try {
        await expect(worker.ingest({ path: join(fixtures, FIRST), source: 'cli' })).rejects.toThrow(
          'ingest worker could not start: the directory could not be read: connection refused',
        );
      } finally {
        await worker.close();
      }
    }, 60_000);

    it('takes the checksum a request carries rather than reading the file for it', async () => {
      const path = join(dir.path, 'cdr_StandAloneCluster_01_202611231110_13');
      copyFileSync(join(fixtures, FIRST), path);
      const worker = createIngestWorker({ ...options(), onCallsStored: () => undefined, directory });
      const given = 'f'.repeat(64);
      try {
        const result = await worker.ingest({ path, source: 'cli', checksum: given });
        // Its calls are the first file's, stored already: the natural key keeps them once, whatever the identity.
        expect(result.outcome).toBe('stored');
        expect(result.records.stored).toBe(0);
        expect(result.records.duplicate).toBeGreaterThan(0);
      } finally {
        await worker.close();
      }
      expect((await ledger()).at(-1)).toEqual({
        name: 'cdr_StandAloneCluster_01_202611231110_13',
        checksum: given,
        status: 'stored',
      });
    }, 60_000);
  });
}
