// Worker thread entry: runs PASSIVE WAL checkpoints on its own better-sqlite3 connection, so the
// copy and its fsync never run on the daemon's main thread (see wal-checkpointer.ts).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/** The slice of better-sqlite3's API the checkpointer uses. */
interface CheckpointConnection {
  pragma(statement: string): unknown;
}

export interface WalCheckpointerData {
  path: string;
}

export interface WalCheckpointRequest {
  id: number;
  /** PASSIVE copies what it can; NOOP copies nothing and only counts the WAL's frames (SQLite 3.51 and later). */
  mode: 'PASSIVE' | 'NOOP';
}

export type WalCheckpointReply =
  { id: number; result: { busy: number; log: number; checkpointed: number } } | { id: number; error: string };

const port = parentPort;
if (port) {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    path: string,
    options: { fileMustExist: boolean },
  ) => CheckpointConnection;
  const db = new Database((workerData as WalCheckpointerData).path, { fileMustExist: true });
  port.on('message', ({ id, mode }: WalCheckpointRequest) => {
    try {
      const [result] = db.pragma(`wal_checkpoint(${mode === 'NOOP' ? 'NOOP' : 'PASSIVE'})`) as Array<{
        busy: number;
        log: number;
        checkpointed: number;
      }>;
      port.postMessage({ id, result: result! } satisfies WalCheckpointReply);
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies WalCheckpointReply);
    }
  });
}
