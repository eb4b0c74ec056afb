import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTollgate, type Tollgate } from '../src/compose.js';
import { createTollgateHttpServer } from '../src/http-server.js';
import { cucmRequestBody } from '../test/curri/cucm-request-body.js';
import { curriDirectoryFiles, curriTestConfig } from '../test/curri/curri-test-kit.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createCurriHttpsServer } from './curri-https-listener.js';

// The edge does not depend on the database kind: SQLite only, to keep the machine free.
const admin = { actor: 'test-admin', via: 'cli' as const, role: 'admin' as const };
const tmp = makeTempDir('tollgate-curri-edge-');
const certFile = join(tmp.path, 'server.pem');
const keyFile = join(tmp.path, 'server.key');

interface Answer {
  status: number;
  text: string;
  connection: string | undefined;
}

/** One request over a fresh connection, from `localAddress` when given. */
function send(
  port: number,
  body: string,
  options: { path?: string; localAddress?: string; method?: string; chunked?: boolean; tls?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'Content-Type': 'text/xml; charset=ISO-8859-1' };
    if (!options.chunked) headers['Content-Length'] = Buffer.byteLength(body);
    const path = options.path ?? '/curri';
    const common = { host: '127.0.0.1', port, path, method: options.method ?? 'POST', headers, agent: false as const };
    const onResponse = (res: import('node:http').IncomingMessage) => {
      let text = '';
      res.on('data', (d) => (text += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }));
    };
    const req = options.tls
      ? httpsRequest({ ...common, ca: readFileSync(certFile) }, onResponse)
      : httpRequest({ ...common, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, onResponse);
    req.on('error', reject);
    if (options.chunked) {
      // Written in pieces: a body without Content-Length, as a chunked sender would.
      for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
      req.end();
    } else req.end(body);
  });
}

interface Daemon {
  tollgate: Tollgate;
  server: Server;
  port: number;
}

/** The composed daemon on a dual-stack loopback port, its directory loaded and line 2001 locked. */
async function daemon(db: TestDatabase, curri: Record<string, unknown>, log = pino({ level: 'silent' })) {
  const tollgate = await composeTollgate(curriTestConfig(curri), { log, dataSource: db.dataSource });
  await tollgate.directoryImport.importFiles(curriDirectoryFiles);
  await tollgate.start();
  const line = (await tollgate.directory.linesByExtension('2001')).find((l) => l.partition === 'PT_Internal');
  await tollgate.locks.setLock({ lineId: line?.id ?? 0 }, 'admin', admin);
  // Dual stack, as `host: '::'` listens: IPv4 clients then appear as ::ffff:a.b.c.d.
  const server = createTollgateHttpServer(tollgate.requestListener, tollgate.config);
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  return { tollgate, server, port: (server.address() as AddressInfo).port } satisfies Daemon;
}

async function shut(d: Daemon | undefined): Promise<void> {
  if (!d) return;
  await new Promise<void>((resolve) => {
    d.server.close(() => resolve());
    d.server.closeAllConnections();
  });
  await d.tollgate.stop();
}

/** A call from the locked line 2001. */
const lockedTo = (called: string) => cucmRequestBody({ calling: '2001', called });

beforeAll(() => {
  // A self-signed server certificate for 127.0.0.1 (EC: quick to make).
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  execFileSync('openssl', ['req', '-x509', ...key, '-out', certFile, '-days', '2', ...subject], { stdio: 'pipe' });
});

afterAll(() => tmp.cleanup());

describe('CURRI on the main port with an allow-list of CUCM nodes', () => {
  let db: TestDatabase;
  let d: Daemon | undefined;
  const warnings: Array<{ address?: string; msg: string }> = [];

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const collect = (line: string) => void warnings.push(JSON.parse(line) as (typeof warnings)[number]);
    const log = pino({ level: 'warn' }, { write: collect });
    d = await daemon(db, { allowedClients: ['127.0.0.1', '::1/128'], maxBodyBytes: 4096 }, log);
  });

  afterAll(async () => {
    await shut(d);
    await db?.close();
  });

  it('serves the listed nodes, IPv4 in its mapped form too, and refuses others with 403 and one warning', async () => {
    const port = d?.port ?? 0;
    const permitted = await send(port, lockedTo('911'));
    expect([permitted.status, permitted.text]).toEqual([200, expect.stringContaining('<Decision>Permit</Decision>')]);
    const refused = await Promise.all([1, 2, 3].map(() => send(port, lockedTo('911'), { localAddress: '127.0.0.2' })));
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    expect((await send(port, '', { method: 'HEAD', localAddress: '127.0.0.2' })).status).toBe(403);
    const refusedWarnings = warnings.filter((w) => w.address === '::ffff:127.0.0.2');
    const allowListWarning = expect.objectContaining({ msg: expect.stringContaining('curri.allowedClients') });
    expect(refusedWarnings).toEqual([allowListWarning]);
    // Other paths of the main port are not CURRI's to refuse.
    const health = await send(port, '', { method: 'GET', path: '/healthz', localAddress: '127.0.0.2' });
    expect(health.status).not.toBe(403);
  });

  it("permits a locked line's emergency call over curri.maxBodyBytes, and fails other oversize bodies", async () => {
    const port = d?.port ?? 0;
    const padding = `<!-- ${'x'.repeat(6000)} -->`;
    for (const called of ['911', '+1911']) {
      const oversize = await send(port, lockedTo(called).replace('</Request>', `${padding}</Request>`));
      expect(oversize.text).toContain('<Decision>Permit</Decision>');
      expect(oversize.connection).toBe('close');
    }
    const chunked = await send(port, lockedTo('911').replace('</Request>', `${padding}</Request>`), { chunked: true });
    expect(chunked.text).toContain('<Decision>Permit</Decision>');
    const other = await send(port, lockedTo('9005551234').replace('</Request>', `${padding}</Request>`));
    expect(other.text).toContain('<Decision>Indeterminate</Decision>');
    expect(other.text).toContain('<StatusMessage>body-too-large</StatusMessage>');
  });
});

describe('CURRI bound to the HTTPS listener only (curri.plainHttp: false)', () => {
  let db: TestDatabase;
  let d: Daemon | undefined;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    d = await daemon(db, { plainHttp: false, https: { enabled: true, host: '127.0.0.1', port: 0, certFile, keyFile } });
  });

  afterAll(async () => {
    await shut(d);
    await db?.close();
  });

  it('refuses the request over plain HTTP with 403 and answers it over HTTPS', async () => {
    const plain = await send(d?.port ?? 0, lockedTo('9005551234'));
    expect(plain.status).toBe(403);
    expect(plain.text).not.toContain('Permit');
    const secure = await send(d?.tollgate.curri.httpsPort() ?? 0, lockedTo('9005551234'), { tls: true });
    expect([secure.status, secure.text]).toEqual([200, expect.stringContaining('<Decision>Deny</Decision>')]);
  });

  it('refuses plain HTTP only for CURRI: the rest of the main port still answers', async () => {
    expect((await send(d?.port ?? 0, '', { method: 'GET', path: '/healthz' })).status).toBe(200);
  });
});

describe('persistent connections (curri.keepAliveTimeoutMs)', () => {
  it('gives the configured idle time to the main HTTP and the CURRI HTTPS server, headersTimeout above it', () => {
    const config = curriTestConfig({ keepAliveTimeoutMs: 123_000, https: { enabled: true, certFile, keyFile } });
    const main = createTollgateHttpServer(() => undefined, config);
    const https = createCurriHttpsServer({ settings: config.curri, handler: () => false });
    for (const server of [main, https]) {
      expect(server.keepAliveTimeout).toBe(123_000);
      expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    }
  });

  it('keeps idle connections well past the 65 s the main port used to close them after, by default', () => {
    const config = curriTestConfig();
    expect(config.curri.keepAliveTimeoutMs).toBeGreaterThan(120_000);
    expect(createTollgateHttpServer(() => undefined, config).keepAliveTimeout).toBe(config.curri.keepAliveTimeoutMs);
  });
});
