import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../src/store/index.js';
import { makeTempDir } from '../harness/index.js';
import { curriDirectoryFiles, goldenResponse, sampleBody } from './curri-test-kit.js';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const tmp = makeTempDir('tollgate-curri-serve-');
const sample01 = sampleBody('01-request-cucm-capture-translationpattern.xml');
const file = (name: string) => join(tmp.path, name);

const env = {
  PATH: process.env.PATH ?? '',
  HOME: tmp.path,
  TOLLGATE_HTTP_PORT: '0',
  TOLLGATE_HTTP_HOST: '127.0.0.1',
  TOLLGATE_SITES: JSON.stringify({
    default: {
      country: 'US',
      areaCode: '972',
      pstnAccessCode: '9',
      nationalPrefix: '1',
      internationalPrefix: '011',
      emergencyNumbers: ['911'],
      timeZone: 'America/Chicago',
    },
  }),
  TOLLGATE_CURRI_HTTPS_ENABLED: 'true',
  TOLLGATE_CURRI_HTTPS_HOST: '127.0.0.1',
  TOLLGATE_CURRI_HTTPS_PORT: '0',
  TOLLGATE_CURRI_HTTPS_CERT_FILE: file('server.pem'),
  TOLLGATE_CURRI_HTTPS_KEY_FILE: file('server.key'),
  TOLLGATE_CURRI_HTTPS_CLIENT_CA_FILE: file('ca.pem'),
};

function tollgate(...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
    cwd: tmp.path,
    env,
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`tollgate ${args.join(' ')} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** A CA standing in for the cluster, a server certificate for 127.0.0.1, and a CallManager client certificate. */
function makeCertificates(): void {
  const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: tmp.path, stdio: 'pipe' });
  ssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Test Cluster CA',
  ]);
  for (const [name, subject, ext] of [
    ['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1'],
    ['client', '/CN=cucm-pub.example.com', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    writeFileSync(file(`${name}.ext`), `${ext}\n`);
    ssl([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ]);
  }
}

describe('tollgate serve answering CURRI', () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let httpPort = 0;
  let httpsPort = 0;

  beforeAll(async () => {
    makeCertificates();
    tollgate('directory', 'import', ...curriDirectoryFiles);
    child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'serve'], {
      cwd: tmp.path,
      env,
    });
    child.stdout.on('data', (d) => (stdout += String(d)));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    [httpPort, httpsPort] = await new Promise<[number, number]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no serving line in time:\n${stdout}\n${stderr}`)), 45_000);
      child.stdout.on('data', () => {
        const http = /"port":(\d+).*"msg":"tollgate is serving"/.exec(stdout);
        const https = /"port":(\d+).*"msg":"CURRI HTTPS listener up"/.exec(stdout);
        if (http && https) {
          clearTimeout(timer);
          resolve([Number(http[1]), Number(https[1])]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${stdout}\n${stderr}`)));
    });
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    tmp.cleanup();
  });

  const postHttp = async (path = '/curri') =>
    (
      await fetch(`http://127.0.0.1:${httpPort}${path}`, {
        method: 'POST',
        body: sample01,
        headers: { 'Content-Type': 'text/xml; charset=ISO-8859-1' },
      })
    ).text();

  const postHttps = (withClientCertificate: boolean) =>
    new Promise<string>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: httpsPort,
          path: '/curri',
          method: 'POST',
          ca: readFileSync(file('ca.pem')),
          ...(withClientCertificate
            ? { cert: readFileSync(file('client.pem')), key: readFileSync(file('client.key')) }
            : {}),
          headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(sample01) },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += String(d)));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(sample01);
    });

  it('answers over HTTP, and over HTTPS only to a client presenting a certificate of the cluster', async () => {
    expect(await postHttp()).toBe(goldenResponse('permit-continue.xml'));
    expect(await postHttps(true)).toBe(goldenResponse('permit-continue.xml'));
    await expect(postHttps(false)).rejects.toThrow();
  });

  it('denies the line once `tollgate lock set` locked it from another process', async () => {
    tollgate('lock', 'set', '2001', '--partition', 'PT_Internal', '--reason', 'test');
    await expect.poll(postHttp, { timeout: 15_000, interval: 200 }).toBe(goldenResponse('deny-reject.xml'));
    tollgate('lock', 'clear', '2001', '--partition', 'PT_Internal');
    await expect.poll(postHttp, { timeout: 15_000, interval: 200 }).toBe(goldenResponse('permit-continue.xml'));
  }, 40_000);

  it('stops cleanly, writing the decisions it recorded', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = createDataSource({ url: `sqlite:${join(tmp.path, 'data/tollgate.db')}` });
    await db.initialize();
    const rows = (await db.query('SELECT outcome, reason FROM curri_decision_log ORDER BY id')) as Array<{
      outcome: string;
      reason: string;
    }>;
    await db.destroy();
    expect(rows.slice(0, 2)).toEqual([
      { outcome: 'permit', reason: 'allowed' },
      { outcome: 'permit', reason: 'allowed' },
    ]);
    expect(rows).toContainEqual({ outcome: 'deny', reason: 'locked-admin' });
  });
});
