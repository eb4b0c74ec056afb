import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import request from 'supertest';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { startAxlTestServer, type AxlTestServer } from './axl/axl-test-server.js';
import { makeTempDir } from './harness/index.js';

const tmp = makeTempDir('tollgate-dirsync-cli-');
const dbFile = join(tmp.path, 'sync.db');
const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs `tollgate ARGS` without blocking: the AXL server it talks to answers from this process. */
function tollgate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: tmp.path, TOLLGATE_DATABASE_URL: `sqlite:${dbFile}` };
    execFile(
      process.execPath,
      ['--import', tsxLoader, join(root, 'src/main.ts'), ...args],
      { cwd: tmp.path, env, timeout: 240_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
      },
    );
  });
}
let server: AxlTestServer;
let settings: Record<string, unknown>;

beforeAll(async () => {
  server = await startAxlTestServer({
    data: {
      users: [
        {
          userid: 'ann',
          firstName: 'Ann',
          lastName: 'Ash',
          department: 'Sales',
          primaryExtension: { pattern: '3001', routePartitionName: 'PT' },
        },
      ],
      lines: [{ pattern: '3001', routePartitionName: 'PT', description: 'Ann' }],
      phones: [
        {
          name: 'SEPAAAAAAAAAAAA',
          model: 'Cisco 8845',
          ownerUserName: 'ann',
          lines: [{ index: 1, pattern: '3001', routePartitionName: 'PT' }],
        },
      ],
      sipTrunks: [{ name: 'SIP_PSTN' }],
      h323Gateways: [],
      gateways: [],
    },
  });
  settings = {
    people: 'axl',
    lines: 'axl',
    axl: {
      enabled: true,
      url: server.url,
      username: server.username,
      password: server.password,
      certificateSha256: server.fingerprint,
    },
  };
  writeFileSync(join(tmp.path, 'tollgate.yaml'), stringify({ directorySync: settings }));
}, 60_000);
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

describe('tollgate directory sync', () => {
  it('lists what a dry run would add and changes nothing', async () => {
    const run = await tollgate(['directory', 'sync', 'axl', '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^DRY RUN \(nothing changed\): axl$/m);
    expect(run.stdout).toMatch(/^users: 1 added, 0 changed, 0 removed/m);
    expect(run.stdout).toMatch(/^ {2}\+ 3001\/PT$/m);
    expect(run.stdout).toMatch(/^devices: 1 added/m);
    expect((await tollgate(['audit', '--format', 'json'])).stdout).not.toMatch(/directory\.sync/);
  }, 600_000);

  it('synchronises, records the result in the audit log and shows it in /healthz', async () => {
    const run = await tollgate(['directory', 'sync']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^synchronised: axl$/m);
    expect(run.stdout).toMatch(/^gateways: 1 added/m);
    const again = await tollgate(['directory', 'sync', 'all', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ counts: { users: { added: 0, changed: 0, removed: 0 } } });
    expect((await tollgate(['audit'])).stdout).toMatch(/directory\.sync/);

    const dataSource = createDataSource({ url: `sqlite:${dbFile}` });
    await dataSource.initialize();
    const daemon = await composeTollgate(configSchema.parse({ directorySync: settings }), {
      log: pino({ level: 'silent' }),
      dataSource,
    });
    try {
      const health = await request(daemon.app).get('/healthz').expect(200);
      expect(health.body.directorySync).toMatchObject({ ok: true, sources: ['axl'], counts: { users: { added: 0 } } });
    } finally {
      await daemon.stop();
      await dataSource.destroy();
    }
  }, 600_000);

  it('refuses a source that is not enabled', async () => {
    const run = await tollgate(['directory', 'sync', 'ldap']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not enabled: ldap/);
  }, 60_000);
});
