import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner, ReplicationMode } from 'typeorm';
import { AppError } from '../errors/index.js';

/** A `dataSource.transaction()` opened inside another one's callback: a programming error. */
export class NestedTransactionError extends AppError {
  constructor() {
    super(
      'a transaction was started inside another one: ' +
        "use the open transaction's manager (or its manager.transaction for a savepoint)",
      'NESTED_TRANSACTION',
      500,
    );
  }
}

/**
 * The runner whose transaction callback is running here. Only callbacks of
 * `dataSource.transaction()` / `manager.transaction()` set it; a runner driven
 * by hand (`startTransaction()`) has no callback to scope.
 */
const openTransaction = new AsyncLocalStorage<QueryRunner>();

/**
 * Makes the data source safe for every module at once:
 * - a `dataSource.transaction()` started inside an open one's callback is refused
 *   with `NestedTransactionError` on both dialects (on PostgreSQL it would be a
 *   second connection, not part of the unit; on SQLite it would wait for itself);
 *   the open transaction's own `manager.transaction()` joins it as a savepoint;
 * - on SQLite (one better-sqlite3 connection behind every query runner),
 *   transactions take turns: see `gateQueryRunners`.
 */
export function serialiseTransactions(dataSource: DataSource): DataSource {
  refuseNestedTransactions(dataSource.manager);
  if (dataSource.options.type === 'better-sqlite3') gateQueryRunners(dataSource);
  return dataSource;
}

function refuseNestedTransactions(root: EntityManager): void {
  const transaction = root.transaction.bind(root) as (isolation: unknown, run?: unknown) => Promise<unknown>;
  const scoped = (isolationOrRun: unknown, maybeRun?: unknown): Promise<unknown> => {
    const open = openTransaction.getStore();
    if (open !== undefined && open.isTransactionActive && !open.isReleased) {
      return Promise.reject(new NestedTransactionError());
    }
    type Run = (m: EntityManager) => Promise<unknown>;
    const run = (typeof isolationOrRun === 'function' ? isolationOrRun : maybeRun) as Run;
    const inScope = (m: EntityManager) => openTransaction.run(m.queryRunner as QueryRunner, () => run(m));
    return typeof isolationOrRun === 'function' ? transaction(inScope) : transaction(isolationOrRun, inScope);
  };
  Object.assign(root, { transaction: scoped });
}

const turnsOf = new WeakMap<DataSource, ReturnType<typeof createTurns>>();

/**
 * Runs a job in a turn of its own on a SQLite data source's connection: no
 * transaction is open meanwhile, and the next one waits for the job (the WAL
 * checkpointer's exclusive pass). Elsewhere it just runs the job.
 */
export async function runAlone<T>(dataSource: DataSource, job: () => Promise<T>): Promise<T> {
  const turns = turnsOf.get(dataSource);
  if (turns === undefined) return job();
  const me = {};
  await turns.take(me);
  try {
    return await job();
  } finally {
    turns.give(me);
  }
}

/** FIFO turns on the one connection; a holder keeps its turn until it lets go. */
function createTurns() {
  let holder: object | null = null;
  const waiting: Array<() => void> = [];
  return {
    holds: (who: object) => holder === who,
    take(who: object): Promise<void> {
      if (holder === null && waiting.length === 0) {
        holder = who;
        return Promise.resolve();
      }
      return new Promise((resolve) =>
        waiting.push(() => {
          holder = who;
          resolve();
        }),
      );
    },
    give(who: object): void {
      if (holder !== who) return;
      holder = null;
      waiting.shift()?.();
    },
  };
}

interface GatedRunner extends QueryRunner {
  transactionDepth: number;
}

/**
 * TypeORM's better-sqlite3 driver hands one query runner to every caller, so
 * two callers' transactions would nest as savepoints of each other and a
 * plain write would land inside whichever transaction is open. Each
 * `createQueryRunner()` here gets its own view of that runner (its own
 * transaction state, the shared connection and statement cache), and views
 * take turns: a transaction holds the connection from BEGIN to COMMIT or
 * ROLLBACK; a query outside a transaction takes a turn for itself alone, so
 * it is never part of (or undone with) another caller's transaction.
 */
function gateQueryRunners(dataSource: DataSource): void {
  const turns = createTurns();
  turnsOf.set(dataSource, turns);
  type Connection = { inTransaction: boolean; exec(sql: string): void };
  const connection = () => (dataSource.driver as unknown as { databaseConnection?: Connection }).databaseConnection;
  const createQueryRunner = (mode?: ReplicationMode): QueryRunner => {
    const shared = dataSource.driver.createQueryRunner(mode ?? 'master');
    const base = Object.getPrototypeOf(shared) as GatedRunner;
    const view = Object.create(shared) as GatedRunner;
    const letGo = () => {
      // After a failed COMMIT/ROLLBACK the connection may still be inside the transaction: end it before the next turn.
      const db = connection();
      if (db?.inTransaction) db.exec('ROLLBACK');
      Object.assign(view, { isTransactionActive: false, transactionDepth: 0 });
      turns.give(view);
    };
    Object.assign(view, {
      isTransactionActive: false,
      transactionDepth: 0,
      manager: dataSource.createEntityManager(view),
      async query(...args: Parameters<QueryRunner['query']>) {
        // Other connections write to the file too (the ingest's store thread, the re-rating thread). A deferred
        // BEGIN reads under a snapshot and fails its first write (SQLITE_BUSY_SNAPSHOT) if one of them committed
        // meanwhile; IMMEDIATE takes the write lock first, so they wait for this unit instead.
        if (args[0] === 'BEGIN TRANSACTION') args[0] = 'BEGIN IMMEDIATE';
        if (turns.holds(view)) return base.query.apply(view, args);
        // A query through the DataSource from inside a transaction's callback would wait for that
        // very transaction: it runs inside it instead (breaking the rule, but not hanging).
        const open = openTransaction.getStore();
        if (open !== undefined && turns.holds(open)) return base.query.apply(open, args);
        await turns.take(view);
        try {
          return await base.query.apply(view, args);
        } finally {
          turns.give(view);
        }
      },
      async startTransaction(...args: Parameters<QueryRunner['startTransaction']>) {
        const outermost = view.transactionDepth === 0;
        if (outermost) await turns.take(view);
        try {
          await base.startTransaction.apply(view, args);
        } catch (error) {
          if (outermost) letGo();
          throw error;
        }
      },
      async commitTransaction() {
        await base.commitTransaction.apply(view);
        if (view.transactionDepth === 0) turns.give(view);
      },
      async rollbackTransaction() {
        try {
          await base.rollbackTransaction.apply(view);
        } catch (error) {
          if (view.transactionDepth <= 1) letGo();
          throw error;
        }
        if (view.transactionDepth === 0) turns.give(view);
      },
      async release() {
        // A runner released with its transaction still open would keep the connection forever.
        if (turns.holds(view)) letGo();
        await base.release.apply(view);
      },
    });
    return view;
  };
  Object.assign(dataSource, { createQueryRunner });
}
