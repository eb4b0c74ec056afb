import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { callEntity, createDataSource, toStoredCallRows, type CallRow } from '../src/store/index.js';
import { makeTempDir } from './harness/index.js';

const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const tmp = makeTempDir('tollgate-tariffs-cli-');
afterAll(() => tmp.cleanup());

const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: tmp.path,
  TOLLGATE_DATABASE_URL: `sqlite:${join(tmp.path, 'cli.db')}`,
});

// From an empty working folder, as an operator's would be: the bundled sample plans must be found anyway.
function tollgate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
    cwd: tmp.path,
    encoding: 'utf8',
    env: { ...baseEnv(), ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tollgate rate', () => {
  it('rates a call with the bundled sample plans and shows how the cost was built', () => {
    const run = tollgate(['rate', '03351234567', '--duration', '61', '--at', '2025-03-03T21:15']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Destination  Italy mobile (nation IT, type mobile)');
    expect(run.stdout).toContain('Row          it-mobile (nation + type)');
    expect(run.stdout).toContain('Duration     61 s → billed 61 s (increments 30/1)');
    expect(run.stdout).toContain('Usage        band offpeak: 61 s × 0.085 EUR/min');
    expect(run.stdout).toContain('Total        0.14 EUR');
  });

  it('prints JSON with the rating and the facts a stored call keeps', () => {
    const run = tollgate(['rate', '+442071234567', '--duration', '125', '--at', '2025-12-25T10:00', '--json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      input: { startedAt: string };
      result: { costMinor: number; breakdown: { holiday: boolean } };
      facts: Record<string, unknown>;
    };
    expect(body.input.startedAt).toBe('2025-12-25T09:00:00.000Z');
    expect(body.result.breakdown.holiday).toBe(true);
    expect(body.facts).toMatchObject({
      planId: 'example-it-2025',
      rowId: 'eu-fixed',
      nation: 'GB',
      destinationType: 'fixed-national',
      currency: 'EUR',
    });
    expect(body.facts.costMinor).toBe(body.result.costMinor);
  });

  it('reads the number as dialled (access code first) unless told it is outpulsed', { timeout: 60_000 }, () => {
    const facts = (args: string[]) =>
      (
        JSON.parse(
          tollgate(['rate', '004930901820', '--duration', '60', '--at', '2025-03-03T10:00', '--json', ...args]).stdout,
        ) as { facts: Record<string, unknown> }
      ).facts;
    expect(facts(['--outpulsed'])).toMatchObject({ destinationE164: '+4930901820', nation: 'DE' });
    expect(facts([])).toMatchObject({ destinationE164: '+3904930901820', nation: 'IT' });
  });

  it('takes the carrier and site of a gateway from the directory', { timeout: 60_000 }, () => {
    expect(tollgate(['directory', 'import', join(root, 'fixtures/demo/gateways.csv')]).code).toBe(0);
    const run = tollgate([
      'rate',
      '0212345678',
      '--duration',
      '30',
      '--at',
      '2025-03-03T10:00',
      '--gateway',
      'gw_milano',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Site         default, gateway GW_MILANO, carrier ExampleTel IT');
    expect(run.stdout).toContain('default plan: the carrier has none in force');
  });

  it('refuses a bad duration, time, site or gateway with a clear message', { timeout: 120_000 }, () => {
    expect(tollgate(['rate', '0212345678', '--duration', '1.5']).stderr).toMatch(/--duration must be whole seconds/);
    expect(tollgate(['rate', '0212345678', '--duration', '10', '--at', 'yesterday']).stderr).toMatch(
      /--at must be an ISO date-time/,
    );
    expect(tollgate(['rate', '0212345678', '--duration', '10', '--site', 'mars']).stderr).toMatch(/no site "mars"/);
    const gateway = tollgate(['rate', '0212345678', '--duration', '10', '--gateway', 'NOPE']);
    expect([gateway.code, gateway.stderr]).toEqual([1, expect.stringMatching(/no gateway or trunk "NOPE"/)]);
  });
});

describe('tollgate tariffs', () => {
  it('checks the sample plans', () => {
    const run = tollgate(['tariffs', 'check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/example-it\.yaml: example-it-2025 — carrier default, EUR/);
    expect(run.stdout).toMatch(/4 plan\(s\) in .*: OK/);
  });

  it('lists each problem of a bad folder as file:line: reason and exits 1', () => {
    const dir = join(tmp.path, 'bad-plans');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'bad.yaml'),
      'id: bad\ncarrier: default\ncurrency: EUR\ntimeZone: Europe/Rome\neffectiveFrom: ' +
        '2025-01-01\nrows:\n  - { id: a, prefix: "39", perMinute: -1 }\n',
    );
    const run = tollgate(['tariffs', 'check', '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('bad.yaml:7: row 1 (a) prefix: bad prefix "39": write + then digits, e.g. "+39 02"');
    expect(run.stdout).toContain('bad.yaml:7: row 1 (a) perMinute: "-1" is negative');
  });

  it('reload makes the running daemon load the folder, and says when no daemon answers', async () => {
    const dir = join(tmp.path, 'live-plans');
    mkdirSync(dir, { recursive: true });
    const plan = (id: string) =>
      `id: ${id}\ncarrier: ${id}\ncurrency: EUR\ntimeZone: Europe/Rome\neffectiveFrom: ` +
      `2025-01-01\nrows:\n  - { id: a, default: true, perMinute: 0.01 }\n`;
    writeFileSync(join(dir, 'one.yaml'), plan('one'));
    const env = { TOLLGATE_TARIFFS_PLANS_DIR: dir, TOLLGATE_TARIFFS_WATCH: 'false', TOLLGATE_HTTP_HOST: '127.0.0.1' };

    const nobody = tollgate(['tariffs', 'reload'], { ...env, TOLLGATE_HTTP_PORT: '9' });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/no daemon answers at http:\/\/127\.0\.0\.1:9\/tariffs\/reload/);

    const daemon = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'serve'], {
      cwd: tmp.path,
      env: {
        ...baseEnv(),
        ...env,
        TOLLGATE_HTTP_PORT: '0',
        TOLLGATE_DATABASE_URL: `sqlite:${join(tmp.path, 'daemon.db')}`,
      },
    });
    try {
      let stdout = '';
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`daemon did not start:\n${stdout}`)), 45_000);
        daemon.stdout.on('data', (d) => {
          stdout += String(d);
          const match = /"port":(\d+).*"msg":"tollgate is serving"/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        daemon.once('exit', (code) => reject(new Error(`daemon exited ${code}:\n${stdout}`)));
      });
      writeFileSync(join(dir, 'two.yaml'), plan('two'));
      const run = tollgate(['tariffs', 'reload'], { ...env, TOLLGATE_HTTP_PORT: String(port) });
      expect([run.code, run.stdout.trim()]).toEqual([0, `reloaded: the daemon now rates with 2 plan(s) from ${dir}`]);
      const status = (await (await fetch(`http://127.0.0.1:${port}/tariffs`)).json()) as {
        plans: Array<{ id: string }>;
      };
      expect(status.plans.map((p) => p.id).sort()).toEqual(['one', 'two']);

      const viaDaemon = tollgate(['rerate', '--from', '2025-01-01', '--to', '2026-01-01'], {
        ...env,
        TOLLGATE_HTTP_PORT: String(port),
      });
      expect([viaDaemon.code, viaDaemon.stdout]).toEqual([
        0,
        expect.stringContaining('re-rated by the running daemon'),
      ]);

      writeFileSync(join(dir, 'two.yaml'), 'id: two\n');
      const refused = tollgate(['tariffs', 'reload'], { ...env, TOLLGATE_HTTP_PORT: String(port) });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/two\.yaml:1: carrier: is required/);
    } finally {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});

describe('tollgate rerate', () => {
  it(
    're-rates stored calls with the plans on disk, in this process when no daemon answers',
    { timeout: 120_000 },
    async () => {
      const dir = join(tmp.path, 'rerate-plans');
      mkdirSync(dir, { recursive: true });
      const plan = (rate: string) =>
        `id: p\ncarrier: default\ncurrency: EUR\ntimeZone: Europe/Rome\neffectiveFrom: ` +
        `2025-01-01\nrows:\n  - { id: all, default: true, perMinute: ${rate}, increments: 60/60 }\n`;
      writeFileSync(join(dir, 'p.yaml'), plan('0.10'));
      const url = `sqlite:${join(tmp.path, 'rerate.db')}`;
      expect(tollgate(['migrate'], { TOLLGATE_DATABASE_URL: url }).code).toBe(0);
      const ds = createDataSource({ url });
      await ds.initialize();
      const at = Date.UTC(2025, 5, 2, 9) / 1000;
      const [stored] = await toStoredCallRows(ds.manager, [
        {
          clusterId: 'c',
          globalCallManagerId: 1,
          globalCallId: 1,
          origLegId: 1,
          destLegId: 2,
          startedAt: at,
          connectedAt: at,
          endedAt: at + 90,
          durationSeconds: 90,
          direction: 'outgoing',
          answered: true,
          dialledNumber: '0612345678',
          site: 'default',
          costMinor: 20,
          currency: 'EUR',
          tariffPlan: 'p',
          tariffRow: 'all',
        } as Partial<CallRow>,
      ]);
      await ds.getRepository(callEntity.options.name).save(stored as object);
      await ds.destroy();
      writeFileSync(join(dir, 'p.yaml'), plan('0.25'));
      const run = tollgate(['rerate', '--from', '2025-06-01', '--to', '2025-07-01'], {
        TOLLGATE_DATABASE_URL: url,
        TOLLGATE_TARIFFS_PLANS_DIR: dir,
        TOLLGATE_HTTP_PORT: '9',
        TOLLGATE_HTTP_HOST: '127.0.0.1',
      });
      expect(run.stderr).toMatch(/no daemon answers .*re-rating here/);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        're-rated by this command: calls started from 2025-06-01T00:00:00.000Z to 2025-07-01T00:00:00.000Z',
      );
      expect(run.stdout).toContain('examined 1 outgoing/transit call(s), 1 changed; unrated 0 → 0');
      expect(run.stdout).toContain('total EUR: 0.20 → 0.50');
      const bad = tollgate(['rerate', '--from', '2025-07-01', '--to', '2025-06-01'], { TOLLGATE_DATABASE_URL: url });
      expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/--to must be after --from/)]);
    },
  );
});
