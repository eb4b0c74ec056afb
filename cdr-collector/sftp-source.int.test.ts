import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { configSchema } from '../src/config/index.js';
import { createEventBus } from '../src/events/index.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createCdrCollector, type CdrCollector } from './index.js';
import {
  generateEd25519KeyPair,
  startLoopbackSftpServer,
  type LoopbackSftpServer,
} from './testing/loopback-sftp-server.js';
import { waitFor } from './testing/wait-for.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cdr');
const basic = 'cdr_StandAloneCluster_01_202611231000_1';
const forwards = 'cdr_StandAloneCluster_01_202611231005_2';

describe('CDR SFTP sources against a real SFTP server on loopback', () => {
  let db: TestDatabase;
  let temp: { path: string; cleanup: () => void };
  let remoteRoot: string;
  let server: LoopbackSftpServer;
  let collector: CdrCollector | null = null;

  const count = async (sql: string) => Number(((await db.dataSource.query(sql)) as Array<{ n: number }>)[0]?.n);
  const deliver = (...names: string[]) =>
    names.forEach((n) => copyFileSync(join(fixtures, n), join(remoteRoot, 'cdr', n)));
  const source = (overrides: Record<string, unknown> = {}) => ({
    name: 'cluster1',
    host: '127.0.0.1',
    port: server.port,
    username: 'billing',
    password: 's3cret',
    hostKeySha256: server.fingerprint,
    remoteDir: '/cdr',
    pollSeconds: 5,
    ...overrides,
  });
  async function startCollector(sources: Array<Record<string, unknown>>): Promise<CdrCollector> {
    const config = configSchema.parse({
      general: { dataDir: temp.path },
      cdr: {
        dropFolder: { enabled: false },
        sftpSources: sources,
        retry: { initialSeconds: 1, maxSeconds: 2 },
        connectTimeoutSeconds: 5,
      },
    });
    collector = createCdrCollector({
      config,
      dataSource: db.dataSource,
      events: createEventBus(() => undefined),
      log: pino({ level: 'silent' }),
      clock: systemClock,
    });
    await collector.start();
    return collector;
  }
  const sftpStatus = (c: CdrCollector, name = 'sftp:cluster1') => c.live().sources.find((s) => s.name === name);

  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    temp = makeTempDir('tollgate-sftp-');
    remoteRoot = join(temp.path, 'remote');
    mkdirSync(join(remoteRoot, 'cdr'), { recursive: true });
    server = await startLoopbackSftpServer({ root: remoteRoot, username: 'billing', password: 's3cret' });
  });
  afterEach(async () => {
    await collector?.stop();
    collector = null;
    await server.close();
    await db.close();
    temp.cleanup();
  });

  it('downloads delivered files, stores them, then moves them to the remote archive folder', async () => {
    deliver(basic, forwards);
    const c = await startCollector([source({ afterStore: 'move' })]);
    await waitFor(() => existsSync(join(remoteRoot, 'cdr', 'archive', forwards)), 30_000);
    expect(readdirSync(join(remoteRoot, 'cdr')).sort()).toEqual(['archive']);
    expect(readdirSync(join(remoteRoot, 'cdr', 'archive')).sort()).toEqual([basic, forwards]);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(18);
    expect(
      await count("SELECT COUNT(*) AS n FROM cdr_files WHERE source = 'sftp:cluster1' AND status = 'stored'"),
    ).toBe(2);
    expect(readdirSync(join(temp.path, 'cdr-staging', 'cluster1'))).toEqual([]);
    expect(sftpStatus(c)).toMatchObject({ consecutiveFailures: 0, lastError: null, filesStored: 2 });
  });

  it('deletes the remote file once it is stored when told to', async () => {
    deliver(basic);
    await startCollector([source({ afterStore: 'delete' })]);
    await waitFor(() => !existsSync(join(remoteRoot, 'cdr', basic)), 30_000);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
  });

  it('leaves remote files in place and does not fetch them again when told to leave and remember', async () => {
    deliver(basic);
    const c = await startCollector([source({ afterStore: 'leave' })]);
    await waitFor(() => sftpStatus(c)?.filesStored === 1, 30_000);
    const logins = server.logins;
    await waitFor(() => server.logins > logins + 1, 30_000, 'two more polls');
    expect(existsSync(join(remoteRoot, 'cdr', basic))).toBe(true);
    expect(sftpStatus(c)).toMatchObject({ filesStored: 1, filesDuplicate: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM cdr_files')).toBe(1);
  }, 40_000);

  it('discards a download cut mid-transfer and stores the file whole on the next attempt', async () => {
    deliver(basic);
    server.dropReadsAfterBytes = 4000;
    const c = await startCollector([source({ afterStore: 'move' })]);
    await waitFor(() => existsSync(join(remoteRoot, 'cdr', 'archive', basic)), 30_000);
    // The file is archived inside the successful poll; its status is updated when that poll ends.
    await waitFor(() => sftpStatus(c)?.consecutiveFailures === 0, 10_000, 'the successful poll to end');
    expect(await count('SELECT COUNT(*) AS n FROM cdr_files')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM cdr_rejects')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
    expect(server.logins).toBeGreaterThanOrEqual(2);
    expect(sftpStatus(c)).toMatchObject({ consecutiveFailures: 0, filesStored: 1 });
  });

  it('retries with backoff while the server is down and reconnects when it is back', async () => {
    deliver(basic);
    const { port, hostKey } = server;
    await server.close();
    const c = await startCollector([source({ port })]);
    await waitFor(() => (sftpStatus(c)?.consecutiveFailures ?? 0) >= 1, 20_000, 'a failed poll');
    expect(sftpStatus(c)?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(0);
    server = await startLoopbackSftpServer({
      root: remoteRoot,
      username: 'billing',
      password: 's3cret',
      port,
      hostKey,
    });
    await waitFor(() => existsSync(join(remoteRoot, 'cdr', 'archive', basic)), 30_000);
    await waitFor(() => sftpStatus(c)?.consecutiveFailures === 0, 10_000, 'the successful poll to end');
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
    expect(sftpStatus(c)).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });

  it('refuses a server whose host key is not the pinned one, and says which key it offered', async () => {
    deliver(basic);
    const c = await startCollector([source({ hostKeySha256: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })]);
    await waitFor(() => (sftpStatus(c)?.consecutiveFailures ?? 0) >= 1, 20_000, 'a refused poll');
    expect(sftpStatus(c)?.lastError).toContain(`host key mismatch: the server offers ${server.fingerprint}`);
    expect(server.logins).toBe(0);
    expect(existsSync(join(remoteRoot, 'cdr', basic))).toBe(true);
  });

  it('reports a refused login and keeps the remote files', async () => {
    deliver(basic);
    server.refuseLogins = true;
    const c = await startCollector([source()]);
    await waitFor(() => (sftpStatus(c)?.consecutiveFailures ?? 0) >= 1, 20_000, 'a refused login');
    expect(sftpStatus(c)?.lastError).toMatch(/authentication/i);
    expect(existsSync(join(remoteRoot, 'cdr', basic))).toBe(true);
    expect(await count('SELECT COUNT(*) AS n FROM cdr_files')).toBe(0);
  });

  it('logs in with a private key', async () => {
    await server.close();
    const keys = generateEd25519KeyPair();
    server = await startLoopbackSftpServer({ root: remoteRoot, username: 'billing', authorizedKey: keys.public });
    const keyFile = join(temp.path, 'id_ed25519');
    writeFileSync(keyFile, keys.private, { mode: 0o600 });
    deliver(basic);
    const c = await startCollector([
      source({
        password: '',
        privateKeyFile: keyFile,
        port: server.port,
        hostKeySha256: server.fingerprint,
        afterStore: 'delete',
      }),
    ]);
    await waitFor(
      () => sftpStatus(c)?.filesStored === 1 && !existsSync(join(remoteRoot, 'cdr', basic)),
      30_000,
      'the file stored and deleted',
    );
    expect(await count('SELECT COUNT(*) AS n FROM calls'), JSON.stringify(sftpStatus(c))).toBe(14);
  });

  it('collects from several sources at once, each file under its own source', async () => {
    mkdirSync(join(remoteRoot, 'cluster2'));
    deliver(basic);
    copyFileSync(join(fixtures, forwards), join(remoteRoot, 'cluster2', forwards));
    await startCollector([
      source({ afterStore: 'delete' }),
      source({ name: 'cluster2', remoteDir: '/cluster2', afterStore: 'delete' }),
    ]);
    await waitFor(
      () => !existsSync(join(remoteRoot, 'cdr', basic)) && !existsSync(join(remoteRoot, 'cluster2', forwards)),
      30_000,
    );
    const rows = (await db.dataSource.query('SELECT source, name FROM cdr_files ORDER BY name')) as Array<{
      source: string;
      name: string;
    }>;
    expect(rows).toEqual([
      { source: 'sftp:cluster1', name: basic },
      { source: 'sftp:cluster2', name: forwards },
    ]);
  });
});
