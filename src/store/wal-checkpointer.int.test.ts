import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/harness/index.js';
import { bulkWriteGate, createDataSource } from './index.js';
import { createWalCheckpointer } from './wal-checkpointer.js';

/** A logger whose lines the test reads. */
function capturedLog(level = 'info') {
  const lines: Array<{ level: number; msg: string; failures?: number }> = [];
  const log = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/**
 * The WAL's frames and how many of them a checkpoint copied, from the wal-index (the -shm file: the first
 * header's mxFrame at byte 16, then the checkpoint info's nBackfill at byte 96, in the machine's byte order).
 */
function walIndex(shm: string): { frames: number; copied: number } {
  const index = Buffer.alloc(100);
  const fd = openSync(shm, 'r');
  try {
    readSync(fd, index, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const u32 = (at: number) => (le ? index.readUInt32LE(at) : index.readUInt32BE(at));
  return { frames: u32(16), copied: u32(96) };
}

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe('WAL checkpoints of the SQLite file', () => {
  const tmp = makeTempDir('tollgate-checkpoints-');
  afterAll(() => tmp.cleanup());

  it('never run inside a commit on the main thread; a thread runs them and the WAL stays bounded', async () => {
    const file = join(tmp.path, 'bounded.db');
    const ds = createDataSource({ url: `sqlite:${file}`, checkpointer: { intervalMs: 10 } });
    await ds.initialize();
    try {
      // SQLite's own checkpoint would run inside whichever COMMIT crosses 1000 pages, holding the event loop.
      expect(await ds.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 0 }]);
      await ds.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
      const round = 100; // rows of 8 KiB: about 200 pages of WAL per round
      let largest = 0;
      for (let r = 0; r < 10; r++) {
        await ds.transaction(async (m) => {
          for (let i = 0; i < round; i++) await m.query('INSERT INTO filler (body) VALUES (randomblob(8192))');
        });
        largest = Math.max(largest, statSync(`${file}-wal`).size);
        // Nobody else checkpoints: the thread copies every frame (then the next write starts the WAL afresh).
        await until(() => {
          const { frames, copied } = walIndex(`${file}-shm`);
          return frames > 0 && copied === frames;
        });
      }
      // Without checkpoints the WAL would hold all 10 rounds; checkpointed, it restarts at each one.
      expect(largest).toBeLessThan(2 * round * 8192);
      expect(await ds.query('SELECT count(*) AS n FROM filler')).toEqual([{ n: 10 * round }]);
    } finally {
      await ds.destroy();
    }
    // Closed cleanly: the last connection folded the WAL into the file and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('keeps the WAL bounded under a writer that never pauses, by making it wait for one pass', async () => {
    const file = join(tmp.path, 'busy.db');
    const ds = createDataSource({ url: `sqlite:${file}`, checkpointer: { intervalMs: 10, maxWalFrames: 500 } });
    await ds.initialize();
    try {
      await ds.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
      // The thread is up (it has copied the table's creation) before the writer starts.
      await until(() => {
        const { frames, copied } = walIndex(`${file}-shm`);
        return frames > 0 && copied === frames;
      });
      let largest = 0;
      // Back to back: a transaction is nearly always open, so passive passes seldom end between two.
      for (let r = 0; r < 300; r++) {
        await ds.transaction(async (m) => {
          for (let i = 0; i < 10; i++) await m.query('INSERT INTO filler (body) VALUES (randomblob(8192))');
        });
        largest = Math.max(largest, statSync(`${file}-wal`).size);
        await new Promise((resolve) => setImmediate(resolve)); // it lets I/O in, as every long job must
      }
      // 300 transactions of about 20 pages: 24 MiB if the WAL never restarted.
      expect(largest).toBeLessThan(12 * 1024 * 1024);
    } finally {
      await ds.destroy();
    }
  });

  it('makes a bulk writer wait for the checkpoint its WAL calls for, and never a short transaction', async () => {
    const file = join(tmp.path, 'bulk.db');
    const { log, lines } = capturedLog('debug');
    const checkpointer = { intervalMs: 10, maxWalFrames: 2500, bulkWalFrames: 250 };
    const ds = createDataSource({ url: `sqlite:${file}`, checkpointer, log });
    await ds.initialize();
    try {
      await ds.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
      await ds.query('CREATE TABLE short (id INTEGER PRIMARY KEY, at INTEGER)');
      await until(() => {
        const { frames, copied } = walIndex(`${file}-shm`);
        return frames > 0 && copied === frames;
      });
      let largest = 0;
      let bulkDone = false;
      const bulk = (async () => {
        // A bulk writer: chunks back to back, at the gate between two, as the re-rating's pages.
        for (let r = 0; r < 300; r++) {
          await bulkWriteGate(ds);
          await ds.transaction(async (m) => {
            for (let i = 0; i < 10; i++) await m.query('INSERT INTO filler (body) VALUES (randomblob(8192))');
          });
          largest = Math.max(largest, statSync(`${file}-wal`).size);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })().finally(() => (bulkDone = true));
      // Short transactions (a lock change's) meanwhile: they take turns with the chunks.
      let shortOnes = 0;
      while (!bulkDone) {
        await ds.transaction((m) => m.query('INSERT INTO short (at) VALUES (?)', [Date.now()]));
        shortOnes++;
        await sleep(10);
      }
      await bulk;
      const said = (msg: string) => lines.filter((l) => l.msg === msg).length;
      // The bulk writer paid for the WAL it grew (300 chunks of about 20 pages: 24 MiB unchecked)...
      expect(said('a bulk writer waited for a checkpoint')).toBeGreaterThan(0);
      expect(largest).toBeLessThan(8 * 1024 * 1024);
      // ...so no pass ever held the connection, which a short transaction would have waited for.
      expect(shortOnes).toBeGreaterThan(10);
      expect(said('WAL checkpointed while writers waited')).toBe(0);
    } finally {
      await ds.destroy();
    }
  });

  it('copies nothing at a tick while few frames wait, then once enough have come or waited long enough', async () => {
    const file = join(tmp.path, 'few.db');
    // The writer: a worker's kind of connection, whose own checkpoint waits for a WAL far larger than this test's.
    const ds = createDataSource({ url: `sqlite:${file}`, walCheckpoints: 'backstop' });
    await ds.initialize();
    const copies = (minFrames: number, maxDelayMs: number) =>
      createWalCheckpointer({
        path: file,
        log: capturedLog().log,
        intervalMs: 10,
        maxWalFrames: 10_000,
        minFrames,
        maxDelayMs,
        alone: (job) => job(),
      });
    const fill = (rows: number) =>
      ds.transaction(async (m) => {
        for (let i = 0; i < rows; i++) await m.query('INSERT INTO filler (body) VALUES (randomblob(8192))');
      });
    const allCopied = () => {
      const { frames, copied } = walIndex(`${file}-shm`);
      return frames > 0 && copied === frames;
    };
    try {
      expect(await ds.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 8192 }]);
      await ds.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
      const byCount = copies(400, 60_000);
      try {
        await until(allCopied); // the first tick copies (nothing was ever copied)
        await fill(50); // about 100 frames: fewer than 400
        await sleep(300); // some 30 ticks
        const { frames, copied } = walIndex(`${file}-shm`);
        expect(frames - copied).toBeGreaterThanOrEqual(100);
        await fill(200); // now more than 400 wait
        await until(allCopied, 5000);
      } finally {
        await byCount.stop();
      }
      const byAge = copies(10_000, 300);
      try {
        await until(allCopied);
        await fill(50);
        await until(allCopied, 5000); // few, but they waited 300 ms
      } finally {
        await byAge.stop();
      }
    } finally {
      await ds.destroy();
    }
  });

  it('logs a failed checkpoint as a warning and retries it on the next tick', async () => {
    const file = join(tmp.path, 'later.db');
    const { log, lines } = capturedLog();
    const checkpointer = createWalCheckpointer({
      path: file,
      log,
      intervalMs: 10,
      maxWalFrames: 1000,
      alone: (job) => job(),
    });
    try {
      // The file is not there yet: the thread cannot open it.
      await until(() => lines.some((l) => l.msg.startsWith('WAL checkpoint failed') && (l.failures ?? 0) >= 2));
      expect(lines.every((l) => l.level <= 40)).toBe(true); // warn at most: nobody has to act
      const ds = createDataSource({ url: `sqlite:${file}`, walCheckpoints: 'inline' });
      await ds.initialize();
      try {
        await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY)');
        await until(() => lines.some((l) => l.msg === 'WAL checkpoints work again'));
        const outcome = await checkpointer.checkpoint();
        expect(outcome.checkpointedFrames).toBe(outcome.walFrames);
      } finally {
        await ds.destroy();
      }
    } finally {
      await checkpointer.stop();
    }
  });
});
