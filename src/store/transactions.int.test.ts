import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { EntityManager } from 'typeorm';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { lockHistoryEntity, NestedTransactionError } from './index.js';

const HISTORY = lockHistoryEntity.options.name;

/** The slice of better-sqlite3 a second connection to the file needs (the package ships no types). */
interface SqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): { run(): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  path: string,
  options: { timeout: number },
) => SqliteConnection;

/** One module's unit of work: `rows` history rows for its line, an await between each. */
async function writeUnit(m: EntityManager, lineId: number, rows: number, failAfter?: number): Promise<void> {
  for (let i = 0; i < rows; i++) {
    await m.insert(HISTORY, historyRow(lineId, i));
    await (i % 2 === 0 ? nextTurn() : sleep(1));
    if (failAfter === i) throw new Error(`module ${lineId} failed`);
  }
}

function historyRow(lineId: number, i: number) {
  return {
    lineId,
    extension: String(1000 + lineId),
    partition: '',
    at: new Date(1_700_000_000_000 + i),
    action: 'set',
    kind: 'user',
    actor: `module-${lineId}`,
    via: 'cli',
    kindsBefore: '',
    kindsAfter: 'user',
    reason: String(i),
  };
}

async function rowsByLine(db: TestDatabase): Promise<Map<number, number>> {
  const rows = (await db.dataSource.query(
    'SELECT line_id AS line, COUNT(*) AS n FROM lock_history GROUP BY line_id',
  )) as Array<{
    line: number | string;
    n: number | string;
  }>;
  return new Map(rows.map((r) => [Number(r.line), Number(r.n)]));
}

describe.each(databaseKindsUnderTest())('transactions on one data source (%s)', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await db.close();
  });

  it('stores every concurrent unit whole and the failed one not at all', async () => {
    const ds = db.dataSource;
    const outcomes = await Promise.allSettled([
      ds.transaction((m) => writeUnit(m, 1, 6)),
      ds.manager.transaction((m) => writeUnit(m, 2, 5)),
      ds.transaction((m) => writeUnit(m, 3, 4, 2)),
      (async () => {
        const runner = ds.createQueryRunner();
        try {
          await runner.startTransaction();
          await writeUnit(runner.manager, 4, 5);
          await runner.commitTransaction();
        } catch (error) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw error;
        } finally {
          await runner.release();
        }
      })(),
      ds.transaction((m) => writeUnit(m, 5, 3)),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('module 3 failed');
    expect(await rowsByLine(db)).toEqual(
      new Map([
        [1, 6],
        [2, 5],
        [4, 5],
        [5, 3],
      ]),
    );
  });

  it('keeps a write made outside any transaction when an open transaction rolls back', async () => {
    const ds = db.dataSource;
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => (inside = resolve));
    const failing = ds.transaction(async (m) => {
      await m.insert(HISTORY, historyRow(7, 0));
      inside();
      await sleep(20);
      throw new Error('rolled back');
    });
    await opened;
    // Another module's plain write while the transaction is open: it is not part of that unit.
    await Promise.all([
      ds.getRepository(HISTORY).insert(historyRow(8, 0)),
      expect(failing).rejects.toThrow('rolled back'),
    ]);
    expect(await rowsByLine(db)).toEqual(new Map([[8, 1]]));
  });

  it('refuses a data source transaction started inside another one', async () => {
    const ds = db.dataSource;
    await expect(ds.transaction(() => ds.transaction(async () => undefined))).rejects.toThrow(NestedTransactionError);
    // The transaction's own manager may open a savepoint: it joins the unit.
    await ds.transaction(async (m) => {
      await m.insert(HISTORY, historyRow(9, 0));
      await m.transaction((inner) => inner.insert(HISTORY, historyRow(9, 1)));
    });
    expect(await rowsByLine(db)).toEqual(new Map([[9, 2]]));
  });

  if (kind === 'sqlite')
    it(
      'runs a query made through the data source inside a callback in that transaction instead of ' + 'hanging',
      async () => {
        const ds = db.dataSource;
        await expect(
          ds.transaction(async (m) => {
            await m.insert(HISTORY, historyRow(10, 0));
            await ds.getRepository(HISTORY).insert(historyRow(10, 1));
            throw new Error('undo both');
          }),
        ).rejects.toThrow('undo both');
        expect(await rowsByLine(db)).toEqual(new Map());
      },
    );
});

describe('a SQLite unit of work beside another connection', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterEach(async () => {
    await db.close();
  });

  it('that reads before it writes still commits when another connection writes meanwhile', async () => {
    // The ingest's store thread and the re-rating thread write through connections of their own.
    const other = new Database(db.url.replace(/^sqlite:/, ''), { timeout: 0 });
    other.exec('CREATE TABLE elsewhere (n INTEGER)');
    try {
      await db.dataSource.transaction(async (m) => {
        await m.query('SELECT COUNT(*) FROM lock_history');
        // Another connection's write meanwhile: it must wait for this unit (here it gives up at once),
        // not slip in under its snapshot and make this unit's write fail with SQLITE_BUSY_SNAPSHOT.
        try {
          other.prepare('INSERT INTO elsewhere VALUES (1)').run();
        } catch (error) {
          expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
        }
        await m.insert(HISTORY, historyRow(7, 0));
      });
    } finally {
      other.close();
    }
    expect((await rowsByLine(db)).get(7)).toBe(1);
  });
});
