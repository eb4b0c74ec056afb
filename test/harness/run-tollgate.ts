import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
// The commands run from an empty folder, as an operator's would: load tsx by path, not by name.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs `tollgate ARGS` in a fresh Node from `cwd` on the SQLite file `dbFile`, as an operator would. */
export function createTollgateRunner(cwd: string, dbFile: string) {
  return (args: string[], options: { env?: Record<string, string>; input?: string } = {}) => {
    const result = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
      cwd,
      encoding: 'utf8',
      input: options.input ?? '',
      env: { PATH: process.env.PATH ?? '', HOME: cwd, TOLLGATE_DATABASE_URL: `sqlite:${dbFile}`, ...options.env },
      timeout: 240_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
}
