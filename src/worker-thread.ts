import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** True when this process runs the TypeScript sources (tsx, vitest), false when it runs the built dist/. */
const fromSources = import.meta.url.endsWith('.ts');

/**
 * Starts a worker thread on a TypeScript entry file, named as the caller sees it:
 * `startWorkerThread(new URL('./my-worker.ts', import.meta.url), options)`.
 *
 * Built code (dist/) runs the compiled twin, `my-worker.js`, beside the caller's
 * compiled file. From the sources, loader hooks do not reach worker threads, so
 * the thread registers tsx's ESM API itself before it imports the entry.
 */
export function startWorkerThread(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) throw new Error(`a worker entry is a .ts file, not ${entry.href}`);
  if (!fromSources) return new Worker(new URL(entry.href.replace(/\.ts$/, '.js')), options);
  const [api, file] = [JSON.stringify(tsxEsmApi()), JSON.stringify(entry.href)];
  const code = `import(${api}).then((m) => { m.register(); return import(${file}); })`;
  return new Worker(code, { ...options, eval: true });
}

let tsxApi: string | undefined;

function tsxEsmApi(): string {
  // createRequire resolves the package's "require" entry; the worker imports, so take its ESM twin.
  tsxApi ??= pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return tsxApi;
}
