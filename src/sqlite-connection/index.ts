import { resolve } from 'node:path';

/**
 * How every Tollgate connection to a SQLite file is set up, without TypeORM:
 * the store's DataSource applies it, and so does the CDR ingest's store
 * thread, which opens better-sqlite3 itself (no TypeORM in that thread: about
 * 20 MB less resident memory, issue 18).
 */

/**
 * Who checkpoints the WAL (src/store, DataSourceSettings.walCheckpoints): `background`, a thread of its own
 * (SQLite's automatic checkpoint off); `backstop`, SQLite's own only past BACKSTOP_WAL_FRAMES; `inline`, SQLite's
 * own at 1,000 frames.
 */
export type WalCheckpoints = 'background' | 'backstop' | 'inline';

/**
 * 32 MiB: a worker thread's connection (the CDR ingest's store thread) checkpoints at its commits only past it.
 * The checkpointer thread copies from half of the store's MAX_WAL_FRAMES; SQLite restarts the WAL only at the start
 * of a write that finds every frame copied, which a writer that never pauses seldom does unless it copied them
 * itself.
 */
export const BACKSTOP_WAL_FRAMES = 8192;
/** The WAL file is cut back to this size whenever it restarts (bytes). */
export const WAL_SIZE_LIMIT = 16 * 1024 * 1024;

/** The file a `sqlite:` URL names, resolved against the working folder (or `:memory:`). */
export function sqlitePathOf(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path);
}

/** The pragmas of a new connection (WAL mode is the DataSource's `enableWAL`, or journalModeWal below). */
export function prepareSqliteConnection(db: { pragma(source: string): unknown }, checkpoints: WalCheckpoints): void {
  // Other connections (the CDR ingest worker) write too: wait for their lock instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  if (checkpoints === 'background') db.pragma('wal_autocheckpoint = 0');
  if (checkpoints === 'backstop') db.pragma(`wal_autocheckpoint = ${BACKSTOP_WAL_FRAMES}`);
}

/** Puts the file in WAL mode (a no-op once it is: the mode is stored in the file). */
export function journalModeWal(db: { pragma(source: string): unknown }): void {
  db.pragma('journal_mode = WAL');
}
