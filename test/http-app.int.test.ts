import { createServer } from 'node:net';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTollgate, type Tollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from './harness/index.js';

describe.each(databaseKindsUnderTest())('the HTTP app on %s', (kind) => {
  let db: TestDatabase;
  let tollgate: Tollgate;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    tollgate = await composeTollgate(configSchema.parse({}), {
      log: pino({ level: 'silent' }),
      dataSource: db.dataSource,
    });
  });
  afterAll(async () => {
    await tollgate.stop();
    await db.close();
  });

  it('reports health with the time of the last ingested CDR', async () => {
    const empty = await request(tollgate.app).get('/healthz').expect(200);
    expect(empty.body).toMatchObject({
      status: 'ok',
      database: 'ok',
      lastCdrIngestedAt: null,
      cdr: { enabled: true, current: null, lastFile: null },
    });
    // The ledger says when calls were stored: the newest file that stored some, not a CMR file or one of duplicates.
    const file = (name: string, kind: string, stored: number, finishedAt: number, status = 'stored') =>
      db.dataSource.query(
        `INSERT INTO cdr_files (source, name, size_bytes, checksum, kind, cluster_id, status, records_total,
          records_stored, records_duplicate, records_rejected, records_skipped, lines_committed, reason, received_at,
          finished_at) VALUES ('drop', '${name}', 10, 'sum-${name}', '${kind}', 'StandAloneCluster', '${status}', 1,
          ${stored}, 0, 0, 0, 1, '', ${finishedAt - 5_000}, ${finishedAt})`,
      );
    await file('cdr_1', 'cdr', 1, 1795000100_000);
    await file('cmr_1', 'cmr', 0, 1795000200_000);
    await file('cdr_2', 'cdr', 0, 1795000300_000);
    const after = await request(tollgate.app).get('/healthz').expect(200);
    expect(after.body.lastCdrIngestedAt).toBe(new Date(1795000100 * 1000).toISOString());
    // A file quarantined partway keeps the calls it stored before.
    await file('cdr_3', 'cdr', 1, 1795000400_000, 'quarantined');
    const quarantined = await request(tollgate.app).get('/healthz').expect(200);
    expect(quarantined.body.lastCdrIngestedAt).toBe(new Date(1795000400 * 1000).toISOString());
  });

  it('serves Prometheus metrics', async () => {
    const res = await request(tollgate.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await request(tollgate.app).get('/no/such/thing').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /no/such/thing' } });
  });

  it('reports 503 when the database is unreachable', async () => {
    const ds = tollgate.dataSource;
    await ds.destroy();
    const res = await request(tollgate.app).get('/healthz').expect(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: 'unreachable' });
    await ds.initialize();
  });
});

describe('/healthz while a CDR source fails', () => {
  it('shows the source, its error and its failures in a row, and stays 200: call control still works', async () => {
    // A port nobody listens on: the SFTP server is down.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const db = await openTestDatabase('sqlite');
    const dataDir = makeTempDir('tollgate-health-');
    const config = configSchema.parse({
      general: { dataDir: dataDir.path },
      cdr: { sftpSources: [{ name: 'billing', host: '127.0.0.1', port, username: 'cdr', password: 'secret' }] },
    });
    const tollgate = await composeTollgate(config, { log: pino({ level: 'silent' }), dataSource: db.dataSource });
    try {
      await tollgate.cdr.start();
      type Source = {
        name: string;
        kind: string;
        state: string;
        lastError: string | null;
        consecutiveFailures: number;
        nextAttemptAt: string | null;
      };
      let billing: Source | undefined;
      const failures = async () => {
        const res = await request(tollgate.app).get('/healthz').expect(200);
        billing = (res.body.cdr.sources as Source[]).find((s) => s.kind === 'sftp');
        return billing?.consecutiveFailures ?? 0;
      };
      await expect.poll(failures, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(1);
      expect(billing).toMatchObject({ name: 'sftp:billing', state: 'backing-off' });
      expect(billing?.lastError).toMatch(/ECONNREFUSED/);
      expect(Date.parse(billing?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
      const res = await request(tollgate.app).get('/healthz').expect(200);
      expect(res.body.status).toBe('ok');
      expect((res.body.cdr.sources as Source[]).map((s) => s.kind).sort()).toEqual(['drop-folder', 'sftp']);
    } finally {
      await tollgate.stop();
      await db.close();
      dataDir.cleanup();
    }
  });
});
