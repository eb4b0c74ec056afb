import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createChangeFeedWriter, createChangeListener } from '../../src/change-feed/index.js';
import { createManualClock } from '../../src/clock.js';
import { databaseKindsUnderTest, openTestDatabase } from '../harness/index.js';

describe.each(databaseKindsUnderTest())('the change feed listener on %s', (kind) => {
  it('deletes rows older than the retention in batches, and keeps the newer ones', { timeout: 60_000 }, async () => {
    const db = await openTestDatabase(kind);
    const clock = createManualClock('2026-03-02T09:00:00Z');
    const writer = createChangeFeedWriter({ clock, origin: 'the-cli' });
    await db.dataSource.transaction(async (em) => {
      for (let i = 0; i < 700; i++) await writer.append(em, 'locks', { lineIds: [i] });
    });
    clock.advance(2 * 3_600_000);
    await db.dataSource.transaction((em) => writer.append(em, 'directory'));
    const count = async () =>
      Number(((await db.dataSource.query('SELECT COUNT(*) AS n FROM change_feed')) as Array<{ n: number }>)[0]?.n);
    const handled: string[] = [];
    const listener = createChangeListener({
      dataSource: db.dataSource,
      origin: 'the-daemon',
      clock,
      log: pino({ level: 'silent' }),
      handlers: {
        locks: () => void handled.push('locks'),
        directory: () => void handled.push('directory'),
        budgets: () => undefined,
        tariffs: () => undefined,
        calls: () => undefined,
      },
      pruneEveryMs: 20,
      retentionMs: 3_600_000,
    });
    try {
      await listener.start();
      await vi.waitFor(async () => expect(await count()).toBe(1), { timeout: 10_000 });
      // Rows written before the listener started are what the modules loaded at start: not handed over.
      expect(handled).toEqual([]);
    } finally {
      await listener.stop();
      await db.close();
    }
  });
});
