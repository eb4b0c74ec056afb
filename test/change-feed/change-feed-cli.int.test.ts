import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../harness/index.js';
import { composePhoneLockDaemon, importPhoneLockDirectory, type PhoneLockDaemon } from '../phone/phone-lock-daemon.js';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** Resolves with the wall-clock time `done` first held, checking every 5 ms while the CLI runs. */
async function seenAt(done: () => boolean, until: Promise<unknown>, graceMs: number): Promise<number> {
  let finished: number | null = null;
  void until.finally(() => (finished = Date.now()));
  for (;;) {
    if (done()) return Date.now();
    if (finished !== null && Date.now() - finished > graceMs)
      throw new Error(`not seen within ${graceMs} ms of the CLI's exit`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// A real `tollgate` process (fresh Node with tsx: seconds on a loaded machine) against the daemon's SQLite file.
describe('the CLI and a running daemon sharing a SQLite file', { timeout: 120_000 }, () => {
  const tmp = makeTempDir('tollgate-change-feed-cli-');
  let db: TestDatabase;
  let d: PhoneLockDaemon;

  function tollgate(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), ...args], {
      cwd: tmp.path,
      env: { PATH: process.env.PATH ?? '', HOME: tmp.path, TOLLGATE_DATABASE_URL: db.url },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  }

  /**
   * When the CLI's last change of a kind was appended (its clock, at the end of its transaction, just before the
   * commit).
   */
  async function committedAt(sql: string): Promise<number> {
    const [row] = (await db.dataSource.query(sql)) as Array<{ at: number }>;
    return Number(row?.at);
  }

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    d = await composePhoneLockDaemon(db.dataSource, { general: { dataDir: tmp.path } }, createManualClock(new Date()));
    await importPhoneLockDirectory(d.tollgate);
    await d.tollgate.start();
  }, 60_000);
  afterAll(async () => {
    await d.tollgate.stop();
    await db.close();
    tmp.cleanup();
  });

  it('`tollgate directory import` reaches CURRI within a second of its commit', async () => {
    expect(d.tollgate.curri.facts.linesByNumber('3900')).toHaveLength(0);
    const run = tollgate(['directory', 'import', join(root, 'fixtures/change-feed/lines.csv')]);
    const at = await seenAt(() => d.tollgate.curri.facts.linesByNumber('3900').length === 1, run, 1000);
    expect(await run).toMatchObject({ code: 0 });
    const latency =
      at -
      (await committedAt(
        "SELECT created_at AS at FROM change_feed WHERE topic = 'directory' ORDER BY id DESC LIMIT 1",
      ));
    console.log('LATENCY_MS', latency);
    expect(latency).toBeLessThan(1000);
  });

  it('`tollgate lock set` reaches CURRI and the phones (lock.changed) within a second of its commit', async () => {
    d.lockEvents.length = 0;
    const run = tollgate(['lock', 'set', '3002', '--partition', 'PT_Internal', '--actor', 'ops']);
    const at = await seenAt(() => d.lockEvents.some((e) => e.extension === '3002' && e.locked), run, 1000);
    expect(await run).toMatchObject({ code: 0, stderr: '' });
    const latency =
      at -
      (await committedAt("SELECT created_at AS at FROM change_feed WHERE topic = 'locks' ORDER BY id DESC LIMIT 1"));
    console.log('LATENCY_MS', latency);
    expect(latency).toBeLessThan(1000);
    expect(d.lockEvents).toEqual([
      expect.objectContaining({ extension: '3002', kinds: ['admin'], actor: 'ops', via: 'cli' }),
    ]);
  });
});
