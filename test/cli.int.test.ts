import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleConfigYaml, settingsTableMarkdown } from '../src/cli/index.js';
import { configSchema } from '../src/config/index.js';
import { makeTempDir } from './harness/index.js';

const root = join(import.meta.dirname, '..');
/** better-sqlite3, which ships no types here: the slice this test uses. */
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => {
  exec(sql: string): void;
  close(): void;
};
const tmp = makeTempDir('tollgate-cli-');
// The commands run from an empty folder, as an operator's would: load tsx by path, not by name.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
afterAll(() => tmp.cleanup());

function tollgate(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
    cwd: tmp.path,
    encoding: 'utf8',
    input: options.input ?? '',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmp.path,
      TOLLGATE_DATABASE_URL: `sqlite:${join(tmp.path, 'cli.db')}`,
      ...options.env,
    },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the tollgate command', () => {
  it('imports the demo directory and prints a summary', () => {
    const files = ['users.csv', 'departments.csv', 'cost-centres.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map(
      (f) => join(root, 'fixtures/demo', f),
    );
    const run = tollgate(['directory', 'import', ...files]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/users\.csv \(users\): 5 added, 0 updated, 0 rejected/);
    expect(run.stdout).toMatch(/total: 25 added, 0 updated, 0 rejected, 0 file\(s\) refused/);
  });

  it('reports bad rows with line numbers and exits non-zero, as JSON for scripts', () => {
    const run = tollgate(['directory', 'import', '--json', join(root, 'fixtures/directory/users-bad.csv')]);
    expect(run.code).toBe(1);
    const [summary] = JSON.parse(run.stdout) as Array<{ added: number; rejected: Array<{ line: number }> }>;
    expect(summary?.added).toBe(2);
    expect(summary?.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
  });

  it('creates an admin account with the password from standard input', () => {
    const created = tollgate(['admin', 'create', 'ops', '--role', 'admin'], { input: 'a long enough password\n' });
    expect(created.stdout).toMatch(/created admin ops/);
    expect(tollgate(['admin', 'list']).stdout).toMatch(/^ops\tadmin/m);
    const refused = tollgate(['admin', 'create', 'ops2'], { input: 'short\n' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/at least 10 characters/);
  });

  it('compacts an SQLite file after migrating: the pages a purge freed leave it', () => {
    expect(tollgate(['migrate']).code).toBe(0);
    const path = join(tmp.path, 'cli.db');
    const db = new Database(path);
    db.exec(
      'CREATE TABLE freed (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) ' +
        'INSERT INTO freed SELECT zeroblob(4096) FROM n',
    );
    db.exec('DROP TABLE freed');
    db.close();
    const before = statSync(path).size;
    const run = tollgate(['migrate', '--compact']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/compacted the database file: [\d.]+ MB → [\d.]+ MB/);
    expect(statSync(path).size).toBeLessThan(before - 7_000_000);
  });

  it('ends quietly when the reader of its output stops early (tollgate … | head)', async () => {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'config', 'example'], {
      cwd: tmp.path,
      env: { PATH: process.env.PATH ?? '', HOME: tmp.path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The pipe is closed before the command writes a byte: its first write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });

  it('prints every configuration problem with its path and exits 2', () => {
    const run = tollgate(['migrate'], {
      env: { TOLLGATE_HTTP_PORT: 'eighty', TOLLGATE_LOGGING_LEVEL: 'loud', TOLLGATE_NO_SUCH: '1' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/TOLLGATE_HTTP_PORT: "eighty" is not a number/);
    expect(run.stderr).toMatch(/logging\.level: /);
    expect(run.stderr).toMatch(/TOLLGATE_NO_SUCH: no such setting/);
  });

  // Two runs of the command: give it the time two cold starts take on a busy machine.
  it(
    'refuses a misspelt key, a missing plans folder and a bad time zone in the file, each with its path, and exits 2',
    { timeout: 120_000 },
    () => {
      const file = join(tmp.path, 'first-run.yaml');
      writeFileSync(
        file,
        'phone:\n  pin:\n    maxAttemps: 3\ntariffs:\n  plansDir: ./no-such-plans\ngeneral:\n  timeZone: Europe/Rom\n',
      );
      const run = tollgate(['--config', file, 'migrate']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/phone\.pin\.maxAttemps: no such setting/);
      expect(run.stderr).toMatch(/general\.timeZone: not an IANA time zone/);
      const plans = tollgate(['--config', file, 'migrate'], { env: { TOLLGATE_GENERAL_TIME_ZONE: 'UTC' } });
      expect(plans.stderr).toMatch(/tariffs\.plansDir: folder \.\/no-such-plans does not exist/);
    },
  );
});

describe('configuration documents', () => {
  it('tollgate.example.yaml lists every setting with its default, and uncommented it is valid config', () => {
    const example = readFileSync(join(root, 'tollgate.example.yaml'), 'utf8');
    expect(example).toBe(exampleConfigYaml());
    const uncommented = example
      .split('\n')
      .slice(2)
      .map((l) => l.replace(/^# ?/, ''))
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    expect(configSchema.parse(parseYaml(uncommented))).toEqual(configSchema.parse({}));
  });

  it('docs/manual/configuration.md carries the current settings table (npm run docs:config regenerates it)', () => {
    expect(readFileSync(join(root, 'docs/manual/configuration.md'), 'utf8')).toContain(settingsTableMarkdown());
  });
});
