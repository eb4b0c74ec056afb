import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createDirectoryReadModel } from '../src/directory/index.js';
import { createEventBus } from '../src/events/index.js';
import { createLockService, createPinHasher, PIN_HASH_SECRET_FILE, WrongPinError } from '../src/locks/index.js';
import { createDataSource } from '../src/store/index.js';
import { makeTempDir } from './harness/index.js';
import { defaultPinPolicy } from './phone/phone-lock-fixture.js';

const root = join(import.meta.dirname, '..');
const tmp = makeTempDir('tollgate-lock-cli-');
const dbFile = join(tmp.path, 'cli.db');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
afterAll(() => tmp.cleanup());

function tollgate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
    cwd: tmp.path,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmp.path, TOLLGATE_DATABASE_URL: `sqlite:${dbFile}`, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each command starts a fresh Node with tsx (a few seconds on a loaded machine).
describe('tollgate lock and tollgate pin', { timeout: 180_000 }, () => {
  it('sets, shows and clears an admin lock, recording who and why', () => {
    const files = ['users.csv', 'lines.csv', 'devices.csv'].map((f) => join(root, 'fixtures/phone-lock', f));
    expect(tollgate(['directory', 'import', ...files]).code).toBe(0);

    const set = tollgate([
      'lock',
      'set',
      '3001',
      '--partition',
      'PT_Internal',
      '--reason',
      'left the company',
      '--actor',
      'ops',
    ]);
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(
      /^3001 \(PT_Internal\): LOCKED \(admin\)\n {2}admin lock by ops via cli since \S+ \(left the company\)\n$/,
    );
    expect(tollgate(['lock', 'set', '3001', '--actor', 'ops']).stdout).toMatch(
      /^no change: the admin lock already holds/,
    );
    expect(tollgate(['lock', 'set', '3002', '--kind', 'budget']).stdout).toMatch(
      /^3002 \(PT_Internal\): LOCKED \(budget\)\n {2}budget lock by cli:/,
    );
    expect(tollgate(['lock', 'status']).stdout).toMatch(
      /^3001 \(PT_Internal\): LOCKED \(admin\)[\s\S]*^3002 \(PT_Internal\): LOCKED \(budget\)/m,
    );

    expect(tollgate(['lock', 'clear', '3001', '--actor', 'ops']).stdout).toBe('3001 (PT_Internal): unlocked\n');
    const status = JSON.parse(tollgate(['lock', 'status', '3001', '--history', '5', '--json']).stdout) as {
      locked: boolean;
      history: Array<{ action: string; kind: string; actor: string; via: string }>;
    };
    expect(status.locked).toBe(false);
    expect(status.history.slice(0, 2).map((h) => [h.action, h.kind, h.actor, h.via])).toEqual([
      ['clear', 'admin', 'ops', 'cli'],
      ['set', 'admin', 'ops', 'cli'],
    ]);
  });

  it('says clearly what is wrong: an ambiguous extension, an unknown line, a bad kind', () => {
    const ambiguous = tollgate(['lock', 'status', '3005']);
    expect([ambiguous.code, ambiguous.stderr]).toEqual([
      1,
      expect.stringMatching(
        /^tollgate: Extension 3005 exists in several partitions \(PT_\w+, PT_\w+\): name the partition\n$/,
      ),
    ]);
    expect(tollgate(['lock', 'status', '3005', '--partition', 'PT_Branch']).stdout).toBe(
      '3005 (PT_Branch): unlocked\n',
    );
    expect(tollgate(['lock', 'set', '9999']).stderr).toBe('tollgate: No line 9999 in the directory\n');
    const badKind = tollgate(['lock', 'set', '3001', '--kind', 'forever']);
    expect([badKind.code, badKind.stderr]).toEqual([
      1,
      'tollgate: --kind must be admin, budget or user (got "forever")\n',
    ]);
  });

  it('resets a PIN to a random one shown once, or to the configured default', async () => {
    const reset = tollgate(['pin', 'reset', '3003']);
    const pin = /^new PIN for 3003: (\d{4}) \(give it to the user; it is not shown again\)\n/.exec(reset.stdout)?.[1];
    expect(pin).toBeDefined();
    expect(reset.stdout).toMatch(/PIN lockout lifted/);
    expect(tollgate(['pin', 'reset', '3004'], { TOLLGATE_PHONE_PIN_DEFAULT_PIN: '8080' }).stdout).toMatch(
      /^PIN for 3004 reset to the configured default PIN\n/,
    );

    const dataSource = createDataSource({ url: `sqlite:${dbFile}` });
    await dataSource.initialize();
    try {
      const clock = createManualClock('2026-03-02T09:00:00Z');
      const locks = createLockService({
        dataSource,
        lines: createDirectoryReadModel({ dataSource }),
        events: createEventBus(() => undefined),
        clock,
        log: pino({ level: 'silent' }),
        // The CLI generated the PIN hash secret beside the database on its first start.
        hasher: createPinHasher({ secret: readFileSync(join(tmp.path, PIN_HASH_SECRET_FILE), 'utf8').trim() }),
        pin: { ...defaultPinPolicy, defaultPin: '8080' },
      });
      const user = { actor: 'test', via: 'phone' as const, role: 'user' as const };
      expect(await locks.verifyPin({ extension: '3003' }, pin as string, user)).toEqual({ isDefault: true });
      await expect(locks.verifyPin({ extension: '3003' }, '3690', user)).rejects.toBeInstanceOf(WrongPinError);
      expect(await locks.verifyPin({ extension: '3004' }, '8080', user)).toEqual({ isDefault: true });
    } finally {
      await dataSource.destroy();
    }
  });
});
