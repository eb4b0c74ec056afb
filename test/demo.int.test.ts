import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './harness/index.js';

const root = join(import.meta.dirname, '..');
const tmp = makeTempDir('tollgate-demo-');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
afterAll(() => tmp.cleanup());

/** The `npm run tollgate -- …` lines of the README's "Demo data" block, as argument lists. */
function readmeDemoCommands(): string[][] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /### Demo data\s+```sh\n([^]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no "Demo data" shell block');
  return block
    .split('\n')
    .filter((line) => line.startsWith('npm run tollgate -- '))
    .map((line) => line.slice('npm run tollgate -- '.length).split(/\s+/).flatMap(expandGlob));
}

/** What the shell makes of `fixtures/demo/*.csv` and `fixtures/demo/cdr_*`, run from the checkout. */
function expandGlob(word: string): string[] {
  if (!word.includes('*')) return [word];
  const slash = word.lastIndexOf('/');
  const dir = word.slice(0, slash);
  const pattern = new RegExp(
    `^${word
      .slice(slash + 1)
      .replace(/[.]/g, '\\.')
      .replace(/\*/g, '.*')}$`,
  );
  return readdirSync(join(root, dir))
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(root, dir, name));
}

function tollgate(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
    cwd: tmp.path,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmp.path, TOLLGATE_DATABASE_URL: `sqlite:${join(tmp.path, 'demo.db')}` },
    timeout: 180_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the README's demo", () => {
  it(
    'imports the directory, ingests the sample CDRs and prints reports that show its calls',
    { timeout: 600_000 },
    () => {
      const commands = readmeDemoCommands();
      expect(commands.map((args) => args[0])).toEqual(['directory', 'ingest', 'report', 'report']);
      const outputs = commands.map((args) => {
        const run = tollgate(args);
        expect(run.code, `tollgate ${args.join(' ')}\n${run.stderr}`).toBe(0);
        return run.stdout;
      });
      expect(outputs[1]).toMatch(/180 records stored/);
      for (const report of outputs.slice(2)) expect(report).not.toMatch(/no calls match/i);
      expect(outputs[2]).toMatch(/^Total\s+180\s/m);
      expect(outputs[3]).toMatch(/^2026-11-16 \d\d:\d\d:\d\d\s+2001\s/m);
    },
  );
});
