import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './harness/index.js';

const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const tmp = makeTempDir('tollgate-serve-');
afterAll(() => tmp.cleanup());

describe('tollgate serve', () => {
  it('comes up on the embedded defaults in an empty folder, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'serve'], {
      cwd: tmp.path,
      env: { PATH: process.env.PATH ?? '', HOME: tmp.path, TOLLGATE_HTTP_PORT: '0', TOLLGATE_HTTP_HOST: '127.0.0.1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no serving line in time:\n${stdout}\n${stderr}`)), 45_000);
      // The log line (stdout) and the banner (stderr) arrive on two pipes in either order: wait for both.
      const check = () => {
        const match = /"port":(\d+).*"msg":"tollgate is serving"/.exec(stdout);
        if (match && stderr.includes(`:${match[1]}/curri`)) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${stdout}\n${stderr}`)));
    });
    expect(stderr).toContain(`http://127.0.0.1:${port}/curri`);
    expect(stderr).toContain(`http://127.0.0.1:${port}/phone/menu?name=#DEVICENAME#`);
    expect(stderr).toContain(`http://127.0.0.1:${port}/soap/reporting?wsdl`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(existsSync(join(tmp.path, 'data/tollgate.db'))).toBe(true);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/"msg":"stopped"/);
  }, 60_000);
});
