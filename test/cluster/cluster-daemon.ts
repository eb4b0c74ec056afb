import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** A real `tollgate serve` process (a fresh Node with tsx), as an operator runs it. */
export interface ClusterDaemon {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  /** Its stdout so far (pino JSON lines). */
  output(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9): no clean-up at all. */
  kill(): Promise<void>;
}

/** Writes `config` to `<dir>/<name>.yaml` (JSON is YAML) and starts `tollgate serve` on it; resolves once it serves. */
export async function startClusterDaemon(
  name: string,
  dir: string,
  config: Record<string, unknown>,
): Promise<ClusterDaemon> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), '--config', file, 'serve'], {
    cwd: dir,
    // tsx finds the project's tsconfig (JSX settings) from the working directory, which is the test's folder here.
    env: { PATH: process.env.PATH ?? '', HOME: dir, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: no serving line in time:\n${stdout}\n${stderr}`)),
      90_000,
    );
    const check = () => {
      const match = /"port":(\d+).*"msg":"tollgate is serving"/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`${name} exited ${code}:\n${stdout}\n${stderr}`)));
  });
  return {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => stdout,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
