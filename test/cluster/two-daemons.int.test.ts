import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackSftpServer, type LoopbackSftpServer } from '../../cdr-collector/testing/loopback-sftp-server.js';
import { waitFor } from '../../cdr-collector/testing/wait-for.js';
import { composeTollgate } from '../../src/compose.js';
import { configSchema } from '../../src/config/index.js';
import { createDataSource } from '../../src/store/index.js';
import { writeCdrFile, type DialledCall } from '../budgets/cdr-files.js';
import { curriTestConfig, goldenResponse, sampleBody, withValue } from '../curri/curri-test-kit.js';
import { makeTempDir } from '../harness/index.js';
import { envelope, post } from '../soap/soap-http.js';
import { signIn, testPassword } from '../web/web-daemon.js';
import { startClusterDaemon, type ClusterDaemon } from './cluster-daemon.js';

const baseUrl = process.env.TEST_DATABASE_URL;
const directoryFiles = ['departments.csv', 'users.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map((f) =>
  join(import.meta.dirname, '../../fixtures/budgets/e2e', f),
);
// Sample 01 of the reference: line 2001 (Alice) calls 900-555-1234, a premium (chargeable) number.
const alicePremium = sampleBody('01-request-cucm-capture-translationpattern.xml');
const bobPremium = withValue(withValue(alicePremium, 'callingnumber', '2002'), 'transformedcgpn', '2002');
const permit = goldenResponse('permit-continue.xml');
const deny = goldenResponse('deny-reject.xml');
const desks = {
  alice: { extension: '2001', device: 'SEP001122334401' },
  bob: { extension: '2002', device: 'SEP001122334402' },
};
/**
 * 57 connected seconds to 1-900-555-1234, USD 2.99 by the sample plan, ten minutes ago (this month's budget
 * period).
 */
const premium = (who: keyof typeof desks, offset = 0): DialledCall => ({
  ...desks[who],
  partition: 'PT_Internal',
  dialled: '919005551234',
  outpulsed: '19005551234',
  gateway: 'GW_DALLAS',
  startEpoch: Math.floor(Date.now() / 1000) - 600 + offset,
  seconds: 57,
});
const admin = { username: 'admin', password: testPassword };

/**
 * Two real daemon processes on one PostgreSQL database (a database of its own:
 * the daemons use its default schema and NOTIFY channel): what one does,
 * the other's call control follows within a second; CDR files delivered to
 * both are stored and archived once, even when one is killed mid-file.
 */
describe.runIf(baseUrl)('two daemons on one PostgreSQL', { timeout: 300_000 }, () => {
  const tmp = makeTempDir('tollgate-cluster-');
  const dbName = `tollgate_cluster_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = (baseUrl ?? '').replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  const dropFolder = join(tmp.path, 'inbox');
  const remoteRoot = join(tmp.path, 'remote');
  let sftp: LoopbackSftpServer;
  let a: ClusterDaemon;
  let b: ClusterDaemon;
  let db: ReturnType<typeof createDataSource>;
  const count = async (sql: string) => Number(((await db.query(sql)) as Array<{ n: string | number }>)[0]?.n);

  const configOf = (name: string, collect: boolean) => ({
    logging: { level: 'info' },
    general: { dataDir: join(tmp.path, name), timeZone: 'America/Chicago' },
    database: { url },
    http: { host: '127.0.0.1', port: 0 },
    sites: curriTestConfig().sites,
    cluster: { heartbeatSeconds: 1, leaseSeconds: 3 },
    tariffs: { watch: false },
    cdr: {
      enabled: collect,
      batchSize: 100,
      yieldWhenBusy: false,
      retry: { initialSeconds: 1, maxSeconds: 2 },
      dropFolder: { enabled: true, path: dropFolder, scanSeconds: 1, settleMs: 0 },
      sftpSources: [
        {
          name: 'billing',
          host: '127.0.0.1',
          port: sftp.port,
          username: 'billing',
          password: 's3cret',
          hostKeySha256: sftp.fingerprint,
          remoteDir: '/cdr',
          pollSeconds: 5,
          afterStore: 'move',
        },
      ],
    },
  });
  const curri = async (d: ClusterDaemon, body: string) =>
    (
      await fetch(`${d.baseUrl}/curri`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=ISO-8859-1' },
        body: Buffer.from(body),
      })
    ).text();
  /** Polls a daemon's CURRI answer until it is `expected`; resolves with when it first was (epoch ms). */
  async function answeredAt(d: ClusterDaemon, body: string, expected: string, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await curri(d, body)) === expected) return Date.now();
      if (Date.now() > deadline) throw new Error(`${d.name} never answered as expected`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    const server = createDataSource({ url: baseUrl ?? '' });
    await server.initialize();
    await server.query(`CREATE DATABASE "${dbName}"`);
    await server.destroy();
    mkdirSync(join(remoteRoot, 'cdr'), { recursive: true });
    mkdirSync(dropFolder, { recursive: true });
    sftp = await startLoopbackSftpServer({ root: remoteRoot, username: 'billing', password: 's3cret' });
    // What an operator does once: migrate, import the directory, add a budget and an administrator.
    const setup = await composeTollgate(configSchema.parse(configOf('setup', false)), {
      log: pino({ level: 'silent' }),
    });
    const imported = await setup.directoryImport.importFiles(directoryFiles);
    expect(imported.flatMap((s) => [...s.rejected, ...(s.refused ? [s.refused] : [])])).toEqual([]);
    const cli = { actor: 'admin', via: 'cli' as const };
    await setup.budgets.service.add(
      {
        name: 'Alice',
        scope: 'user',
        target: 'alice',
        period: 'month',
        amountMinor: 1000,
        currency: 'USD',
        rollover: false,
        thresholds: [],
      },
      cli,
    );
    await setup.adminAccounts.create({ username: 'admin', password: testPassword, role: 'admin' });
    await setup.stop();
    db = createDataSource({ url });
    await db.initialize();
    // B collects no CDRs at first, so that the budget's calls are stored by A.
    [a, b] = await Promise.all([
      startClusterDaemon('a', tmp.path, configOf('a', true)),
      startClusterDaemon('b', tmp.path, configOf('b', false)),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    // CLUSTER_TEST_LOGS=folder keeps the daemons' logs (their stdout) for a failed run.
    const keep = process.env.CLUSTER_TEST_LOGS;
    if (keep) for (const d of [a, b]) if (d) writeFileSync(join(keep, `${d.name}.log`), d.output());
    await sftp?.close();
    if (db?.isInitialized) await db.destroy();
    const server = createDataSource({ url: baseUrl ?? '' });
    await server.initialize();
    await server.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await server.destroy();
    tmp.cleanup();
  });

  it('an admin lock set through A makes B deny the line within a second', async () => {
    expect(await curri(b, bobPremium)).toBe(permit);
    const res = await post(
      a.baseUrl,
      envelope(
        '<tg:SetAdminLock><tg:Extension>2002</tg:Extension><tg:Reason>cluster test</tg:Reason></tg:SetAdminLock>',
      ),
      admin,
    );
    expect(res.status).toBe(200);
    const lockedAt = Date.now();
    expect((await answeredAt(b, bobPremium, deny)) - lockedAt).toBeLessThan(1000);
  });

  it('calls stored by A spend a budget: B denies the line within a second of the commit', async () => {
    expect(await curri(b, alicePremium)).toBe(permit);
    writeCdrFile(dropFolder, 1, [premium('alice'), premium('alice', 1), premium('alice', 2), premium('alice', 3)]);
    // The first file waits for A's ingest worker to start (seconds on a loaded machine); the measure is from the
    // commit.
    const deniedAt = await answeredAt(b, alicePremium, deny, 120_000);
    const [row] = (await db.query(
      "SELECT created_at AS at, origin FROM change_feed WHERE topic = 'calls' ORDER BY id LIMIT 1",
    )) as Array<{ at: string; origin: string }>;
    expect(row?.origin).toMatch(/:\d+:/);
    expect(deniedAt - Number(row?.at)).toBeLessThan(1000);
    expect(await count("SELECT COUNT(*) AS n FROM calls WHERE owner_extension = '2001'")).toBe(4);
  });

  it('a web session signed in through A works on B', async () => {
    const cookie = await signIn(a.baseUrl, 'admin');
    const onB = await fetch(`${b.baseUrl}/`, { headers: { cookie }, redirect: 'manual' });
    expect(onB.status).toBe(200);
    const anonymous = await fetch(`${b.baseUrl}/`, { redirect: 'manual' });
    expect(anonymous.headers.get('location') ?? '').toContain('/sign-in');
  });

  it('/healthz and the metrics show both daemons, the run-once leases and the change-feed lag', async () => {
    // The outbox runs at start; budget renewal takes its lease when a period ends.
    await waitFor(
      async () => (await count("SELECT COUNT(*) AS n FROM cluster_leases WHERE name = 'notify-outbox'")) === 1,
      20_000,
      'the outbox lease',
    );
    const health = (await (await fetch(`${b.baseUrl}/healthz`)).json()) as {
      cluster: {
        daemon: string;
        daemons: Array<{ id: string; alive: boolean; changeFeed: { position: number; behind: number } }>;
        leases: Array<{ name: string; holder: string }>;
      };
    };
    expect(health.cluster.daemons.filter((d) => d.alive)).toHaveLength(2);
    const ids = health.cluster.daemons.map((d) => d.id);
    expect(ids).toContain(health.cluster.daemon);
    expect(ids).toContain(health.cluster.leases.find((l) => l.name === 'notify-outbox')?.holder);
    const me = health.cluster.daemons.find((d) => d.id === health.cluster.daemon);
    expect(me?.changeFeed.position).toBeGreaterThan(0);
    // The lag is a snapshot: another daemon's heartbeat may have just written a change B has not read yet.
    await waitFor(
      async () => {
        const now = (await (await fetch(`${b.baseUrl}/healthz`)).json()) as typeof health;
        return now.cluster.daemons.find((d) => d.id === now.cluster.daemon)?.changeFeed.behind === 0;
      },
      5_000,
      'B caught up with the change feed',
    );
    const metrics = await (await fetch(`${b.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tollgate_cluster_daemons_alive 2$/m);
    expect(metrics).toMatch(/^tollgate_change_feed_behind 0$/m);
  });

  it(
    '20 files in the shared folder and on SFTP, both collecting, A killed -9 mid-file: every record ' +
      'stored once, every file archived once',
    { timeout: 600_000 },
    async () => {
      await b.stop();
      b = await startClusterDaemon('b', tmp.path, configOf('b', true));
      const before = await count('SELECT COUNT(*) AS n FROM calls');
      const perFile = 1000;
      for (let f = 0; f < 20; f++) {
        const calls = Array.from({ length: perFile }, (_, i) => premium('bob', -7200 + i));
        writeCdrFile(f < 10 ? dropFolder : join(remoteRoot, 'cdr'), 100 + f, calls);
      }
      const [aHealth] = [(await (await fetch(`${a.baseUrl}/healthz`)).json()) as { cluster: { daemon: string } }];
      const aId = aHealth.cluster.daemon;
      // Kill A while it holds the lease of a file the ledger shows half stored.
      let victim = '';
      await waitFor(
        async () => {
          const leases = (await db.query('SELECT name FROM cluster_leases WHERE holder = $1', [aId])) as Array<{
            name: string;
          }>;
          const processing = (await db.query(
            "SELECT name FROM cdr_files WHERE status = 'processing' AND lines_committed > 0",
          )) as Array<{ name: string }>;
          victim = processing.map((p) => p.name).find((n) => leases.some((l) => l.name.endsWith(`:${n}`))) ?? '';
          return victim !== '';
        },
        60_000,
        'A half way through a file',
      );
      await a.kill();
      await waitFor(
        async () => (await count("SELECT COUNT(*) AS n FROM cdr_files WHERE status = 'stored'")) === 21,
        180_000,
        'every file stored',
      );
      await waitFor(
        () =>
          readdirSync(join(remoteRoot, 'cdr')).filter((n) => n.startsWith('cdr_')).length === 0 &&
          readdirSync(dropFolder).filter((n) => n.startsWith('cdr_')).length === 0,
        30_000,
        'every file archived',
      );
      expect((await count('SELECT COUNT(*) AS n FROM calls')) - before).toBe(20 * perFile);
      expect(await count('SELECT COUNT(*) AS n FROM cdr_files')).toBe(21);
      // Archived once each: a second move would have left a "name.1" beside it.
      const archived = [
        ...readdirSync(join(dropFolder, 'archive')),
        ...readdirSync(join(remoteRoot, 'cdr', 'archive')),
      ].filter((n) => n.startsWith('cdr_'));
      expect(archived.sort()).toHaveLength(21);
      expect(archived.filter((n) => /\.\d+$/.test(n))).toEqual([]);
      expect(existsSync(join(dropFolder, 'quarantine'))).toBe(false);
      // No daemon tripped over the other (a ledger entry made twice, a file moved or deleted from under it).
      const errors = (d: ClusterDaemon) =>
        d
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{"level":50'));
      expect([...errors(a), ...errors(b)]).toEqual([]);
      // B resumed A's file after its last committed batch.
      expect(b.output()).toMatch(new RegExp(`"file":"${victim}".*resuming a file an earlier run did not finish`));
    },
  );
});
