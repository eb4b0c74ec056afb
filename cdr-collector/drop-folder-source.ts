import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import { claimAlways, type ClaimFile } from './claim-file.js';
import type { FileIngestResult, IngestFileRequest } from './ingest-file.js';
import { moveAside } from './move-aside.js';
import { countOutcome, newSourceStatus, retryDelayMs, type RetrySettings, type SourceStatus } from './source-status.js';

export interface DropFolderSettings {
  path: string;
  scanSeconds: number;
  settleMs: number;
  pattern: string;
}

export interface DropFolderSourceDeps {
  settings: DropFolderSettings;
  retry: RetrySettings;
  ingest(request: IngestFileRequest): Promise<FileIngestResult>;
  /** Several daemons on one folder: a file is taken only under a claim (none: always this daemon's). */
  claim?: ClaimFile;
  clock: Clock;
  log: Logger;
}

/** A place CUCM files come from: started and stopped with the daemon, with a status for health checks. */
export interface FileSource {
  status(): SourceStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One pass now (also what the timer and the watch trigger). */
  runOnce(): Promise<void>;
}

const IGNORED = /^\.|\.(part|tmp|filepart|partial)$/i;

/**
 * The local drop folder: watched, and scanned every few seconds as a backstop
 * (watch events can be missed). A file is taken once its size and time have
 * held still for `settleMs`; stored (or already stored) files move to
 * archive/, refused ones to quarantine/. A file that fails (database down…)
 * stays and is retried with backoff; nothing leaves the folder unstored.
 * With several daemons on the folder, a file is claimed first and moved by the
 * claim's holder only; a file another daemon holds is left for the next scan.
 */
export function createDropFolderSource(deps: DropFolderSourceDeps): FileSource {
  const { settings, log } = deps;
  const status = newSourceStatus('drop-folder', 'drop-folder');
  const pattern = new RegExp(settings.pattern);
  const archive = join(settings.path, 'archive');
  const quarantine = join(settings.path, 'quarantine');
  const seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  const failing = new Map<string, { count: number; nextAt: number }>();
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  const now = () => deps.clock.now().getTime();

  function schedule(ms: number): void {
    if (stopped) return;
    if (wake) clearTimeout(wake);
    wake = setTimeout(() => void runOnce(), Math.max(0, ms));
  }

  async function pass(): Promise<void> {
    status.lastAttemptAt = deps.clock.now();
    let names: string[];
    try {
      await mkdir(settings.path, { recursive: true });
      names = (await readdir(settings.path, { withFileTypes: true }))
        .filter((e) => e.isFile() && pattern.test(e.name) && !IGNORED.test(e.name))
        .map((e) => e.name)
        .sort();
    } catch (err) {
      status.consecutiveFailures++;
      status.lastError = `cannot read the drop folder: ${(err as Error).message}`;
      log.warn({ err, folder: settings.path }, 'cannot read the CDR drop folder; retrying');
      return;
    }
    status.consecutiveFailures = 0;
    let nextWake = Number.POSITIVE_INFINITY;
    for (const name of names) {
      if (stopped) return;
      const path = join(settings.path, name);
      const failure = failing.get(name);
      if (failure && failure.nextAt > now()) {
        nextWake = Math.min(nextWake, failure.nextAt - now());
        continue;
      }
      let info;
      try {
        info = await stat(path);
      } catch {
        continue; // gone meanwhile
      }
      const last = seen.get(name);
      if (!last || last.size !== info.size || last.mtimeMs !== info.mtimeMs) {
        seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, since: now() });
        if (settings.settleMs > 0) {
          nextWake = Math.min(nextWake, settings.settleMs);
          continue;
        }
      } else if (now() - last.since < settings.settleMs) {
        nextWake = Math.min(nextWake, settings.settleMs - (now() - last.since));
        continue;
      }
      await take(name, path);
    }
    for (const name of seen.keys()) if (!names.includes(name)) seen.delete(name);
    if (Number.isFinite(nextWake)) schedule(nextWake);
  }

  async function take(name: string, path: string): Promise<void> {
    let claim: Awaited<ReturnType<ClaimFile>>;
    try {
      claim = await (deps.claim ?? claimAlways)('drop-folder', name);
    } catch (err) {
      log.warn({ err, file: name }, 'could not claim a CDR file; trying again on the next scan');
      return;
    }
    if (!claim) return; // another daemon has it
    try {
      // Another daemon may have stored and moved it since this pass listed it.
      if (
        await stat(path).then(
          () => false,
          () => true,
        )
      ) {
        seen.delete(name);
        return;
      }
      await takeClaimed(name, path);
    } finally {
      await claim
        .release()
        .catch((err: unknown) =>
          log.warn({ err, file: name }, 'could not release a CDR file claim; it expires on its own'),
        );
    }
  }

  async function takeClaimed(name: string, path: string): Promise<void> {
    status.state = 'working';
    let result: FileIngestResult;
    try {
      result = await deps.ingest({ path, name, source: 'drop-folder' });
    } catch (err) {
      const count = (failing.get(name)?.count ?? 0) + 1;
      const delay = retryDelayMs(count, deps.retry);
      failing.set(name, { count, nextAt: now() + delay });
      status.lastError = `${name}: ${(err as Error).message}`;
      status.nextAttemptAt = new Date(now() + delay);
      log.warn(
        { err, file: name, attempt: count, retryInMs: delay },
        'CDR file not stored; it stays in the drop folder and is retried',
      );
      return;
    } finally {
      status.state = stopped ? 'stopped' : 'idle';
    }
    failing.delete(name);
    seen.delete(name);
    status.lastSuccessAt = deps.clock.now();
    status.lastError = null;
    countOutcome(status, result.outcome);
    const target = result.outcome === 'quarantined' ? quarantine : archive;
    try {
      const moved = await moveAside(path, target, name);
      log.info({ file: name, outcome: result.outcome, to: moved }, 'CDR file moved out of the drop folder');
    } catch (err) {
      // Stored already: the next pass finds it again, the ledger says duplicate, and the move is retried.
      log.error({ err, file: name, to: target }, 'CDR file stored but could not be moved out of the drop folder');
    }
  }

  function runOnce(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && !stopped);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    status: () => ({ ...status }),
    runOnce,
    async start() {
      stopped = false;
      status.state = 'idle';
      await mkdir(settings.path, { recursive: true });
      try {
        watcher = watch(settings.path, { persistent: false }, () => schedule(100));
        watcher.on('error', (err) => log.warn({ err }, 'drop folder watch failed; the periodic scan carries on'));
      } catch (err) {
        log.warn({ err, folder: settings.path }, 'cannot watch the drop folder; relying on the periodic scan');
      }
      const tick = () => {
        timer = setTimeout(() => {
          void runOnce().finally(() => !stopped && tick());
        }, settings.scanSeconds * 1000);
      };
      tick();
      void runOnce();
    },
    async stop() {
      stopped = true;
      status.state = 'stopped';
      watcher?.close();
      watcher = null;
      if (timer) clearTimeout(timer);
      if (wake) clearTimeout(wake);
      await running;
    },
  };
}
