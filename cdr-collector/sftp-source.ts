import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Logger } from 'pino';
import type SftpClient from 'ssh2-sftp-client';
import type { Clock } from '../src/clock.js';
import type { CdrSftpSourceConfig } from '../src/config/index.js';
import type { FileSource } from './drop-folder-source.js';
import { claimAlways, type ClaimFile } from './claim-file.js';
import type { FileIngestResult, IngestFileRequest } from './ingest-file.js';
import { lazyModule } from '../src/lazy-module.js';
import { moveAside } from './move-aside.js';
import { countOutcome, newSourceStatus, retryDelayMs, type RetrySettings } from './source-status.js';

const sftpClient = lazyModule('ssh2-sftp-client', () => import('ssh2-sftp-client'));

export interface SftpSourceDeps {
  settings: CdrSftpSourceConfig;
  /** Local folder downloads are staged in (one subfolder per source). */
  stagingDir: string;
  /** Local folder refused files are kept in (one subfolder per source). */
  quarantineDir: string;
  connectTimeoutSeconds: number;
  retry: RetrySettings;
  ingest(request: IngestFileRequest): Promise<FileIngestResult>;
  /**
   * Whether the ledger holds this source's file of this name and size as stored or quarantined ("leave and
   * remember").
   */
  remembered(source: string, name: string, sizeBytes: number): Promise<boolean>;
  /** Several daemons on one folder: a file is fetched only under a claim (none: always this daemon's). */
  claim?: ClaimFile;
  clock: Clock;
  log: Logger;
}

/** A host key's fingerprint as OpenSSH prints it: "SHA256:" and unpadded base64. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

class StillWriting extends Error {}

/**
 * One billing-server folder polled by SFTP. Each poll connects (pinned host
 * key), lists the folder, downloads each new file to a staging file, checks it
 * is complete (its size held during the download), stores it through the
 * ingest worker and only then deletes, moves or leaves the remote file. Any
 * failure ends the poll; the next one comes after a doubling wait. A download
 * cut short is discarded, never stored.
 */
export function createSftpSource(deps: SftpSourceDeps): FileSource {
  const s = deps.settings;
  const source = `sftp:${s.name}`;
  const log = deps.log.child({ source });
  const status = newSourceStatus(source, 'sftp');
  const pattern = new RegExp(s.pattern);
  const staging = join(deps.stagingDir, s.name);
  const archiveDir = posix.isAbsolute(s.archiveDir) ? s.archiveDir : posix.join(s.remoteDir, s.archiveDir);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let offeredKey: string | null = null;

  async function connect(client: SftpClient): Promise<void> {
    const privateKey = s.privateKeyFile ? await readFile(s.privateKeyFile) : undefined;
    await client.connect({
      host: s.host,
      port: s.port,
      username: s.username,
      ...(s.password ? { password: s.password } : {}),
      ...(privateKey ? { privateKey, ...(s.passphrase ? { passphrase: s.passphrase } : {}) } : {}),
      readyTimeout: deps.connectTimeoutSeconds * 1000,
      hostVerifier: (key: Buffer) => {
        offeredKey = hostKeyFingerprint(key);
        return s.hostKeySha256 !== '' && offeredKey === s.hostKeySha256;
      },
    });
  }

  function describe(err: unknown): string {
    const message = (err as Error).message ?? String(err);
    if (offeredKey !== null && offeredKey !== s.hostKeySha256) {
      return s.hostKeySha256 === ''
        ? `no host key pinned: the server offers ${offeredKey}; set hostKeySha256 to it after ` +
            `checking it is the billing server's`
        : `host key mismatch: the server offers ${offeredKey}, ${s.hostKeySha256} is pinned`;
    }
    return message;
  }

  /** A file another daemon holds is left for a later poll; one it handled since the listing is gone or remembered. */
  async function fetchOne(
    client: SftpClient,
    entry: { name: string; size: number; modifyTime: number },
  ): Promise<void> {
    const claim = await (deps.claim ?? claimAlways)(source, entry.name);
    if (!claim) return;
    try {
      if (!(await client.exists(posix.join(s.remoteDir, entry.name)))) return;
      await fetchClaimed(client, entry);
    } finally {
      await claim
        .release()
        .catch((err: unknown) =>
          log.warn({ err, file: entry.name }, 'could not release a CDR file claim; it expires on its own'),
        );
    }
  }

  async function fetchClaimed(
    client: SftpClient,
    entry: { name: string; size: number; modifyTime: number },
  ): Promise<void> {
    if (s.afterStore === 'leave' && (await deps.remembered(source, entry.name, entry.size))) return;
    const remote = posix.join(s.remoteDir, entry.name);
    const staged = join(staging, entry.name);
    const part = `${staged}.part`;
    await mkdir(staging, { recursive: true });
    try {
      await client.fastGet(remote, part);
      const local = (await stat(part)).size;
      const after = await client.stat(remote);
      if (after.size !== entry.size || after.modifyTime !== entry.modifyTime || local !== entry.size)
        throw new StillWriting();
      await rename(part, staged);
    } catch (err) {
      await rm(part, { force: true });
      if (err instanceof StillWriting) {
        log.info({ file: entry.name }, 'remote CDR file still being written; taken on a later poll');
        return;
      }
      throw err;
    }
    let result: FileIngestResult;
    try {
      result = await deps.ingest({
        path: staged,
        name: entry.name,
        source,
        ...(s.clusterId ? { clusterId: s.clusterId } : {}),
      });
    } catch (err) {
      await rm(staged, { force: true });
      throw err;
    }
    countOutcome(status, result.outcome);
    // The content is safe (stored, or kept in quarantine) before the remote file is touched.
    if (result.outcome === 'quarantined') await moveAside(staged, join(deps.quarantineDir, s.name), entry.name);
    else await rm(staged, { force: true });
    try {
      if (s.afterStore === 'delete') await client.delete(remote);
      else if (s.afterStore === 'move') await moveRemote(client, remote, entry.name);
    } catch (err) {
      // The next poll finds the file again: the ledger says duplicate and the action is retried.
      log.error(
        { err, file: entry.name, action: s.afterStore },
        'CDR file stored but the remote file could not be handled',
      );
    }
  }

  async function moveRemote(client: SftpClient, remote: string, name: string): Promise<void> {
    if (!(await client.exists(archiveDir))) await client.mkdir(archiveDir, true);
    for (let n = 0; n < 1000; n++) {
      const target = posix.join(archiveDir, n === 0 ? name : `${name}.${n}`);
      if (await client.exists(target)) continue;
      await client.rename(remote, target);
      return;
    }
  }

  async function poll(): Promise<void> {
    status.state = 'working';
    status.lastAttemptAt = deps.clock.now();
    offeredKey = null;
    let delay = s.pollSeconds * 1000;
    let client: SftpClient | null = null;
    try {
      // ssh2 is imported on the first poll: a daemon without SFTP sources, and every CLI command, never loads it.
      client = new (await sftpClient.load()).default(source);
      await connect(client);
      const entries = (await client.list(s.remoteDir))
        .filter((e) => e.type === '-' && pattern.test(e.name) && !e.name.endsWith('.part'))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (stopped) break;
        await fetchOne(client, entry);
      }
      status.consecutiveFailures = 0;
      status.lastSuccessAt = deps.clock.now();
      status.lastError = null;
    } catch (err) {
      status.consecutiveFailures++;
      status.lastError = describe(err);
      delay = retryDelayMs(status.consecutiveFailures, deps.retry);
      const level =
        status.consecutiveFailures >= 5 || (offeredKey !== null && offeredKey !== s.hostKeySha256) ? 'error' : 'warn';
      log[level](
        { err, reason: status.lastError, attempt: status.consecutiveFailures, retryInMs: delay },
        'SFTP poll failed; retrying',
      );
    } finally {
      await client?.end().catch(() => undefined);
      status.state = stopped ? 'stopped' : status.consecutiveFailures > 0 ? 'backing-off' : 'idle';
    }
    status.nextAttemptAt = new Date(deps.clock.now().getTime() + delay);
    if (!stopped) timer = setTimeout(() => void runOnce(), delay);
  }

  function runOnce(): Promise<void> {
    if (timer) clearTimeout(timer);
    running ??= poll().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    status: () => ({ ...status }),
    runOnce,
    async start() {
      stopped = false;
      status.state = 'idle';
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      status.state = 'stopped';
    },
  };
}
