// Worker thread entry: writes CURRI decision batches on its own SQLite connection,
// so that waiting for the database (a CDR ingest holding the write lock) never
// blocks the thread that answers CUCM.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../src/store/index.js';
import { createSqliteDecisionStore, type DecisionValues, type SqliteDecisionHandle } from './curri-decision-store.js';

export interface DecisionWriterRequest {
  id: number;
  /**
   * JSON of the records' DecisionValues: one string crosses threads far cheaper than objects (about 0.1 vs 1 µs a
   * record).
   */
  rows: string;
}

export type DecisionWriterReply = { id: number; ok: true } | { id: number; ok: false; message: string };

const port = parentPort;
if (port) {
  try {
    // On Linux this lowers this thread only: answering CUCM comes before recording what was answered.
    setPriority(10);
  } catch {
    // Not permitted here: recording runs at normal priority.
  }
  const dataSource = createDataSource({ url: (workerData as { url: string }).url });
  // The connection's own prepared statements, not TypeORM: TypeORM opened it (pragmas, busy timeout) and is
  // otherwise idle here.
  const ready = dataSource
    .initialize()
    .then(() =>
      createSqliteDecisionStore(
        (dataSource.driver as unknown as { databaseConnection: SqliteDecisionHandle }).databaseConnection,
      ),
    );
  port.on('message', (request: DecisionWriterRequest) => {
    ready
      .then((store) => {
        store.insertRows(JSON.parse(request.rows) as DecisionValues[]);
      })
      .then(
        () => port.postMessage({ id: request.id, ok: true } satisfies DecisionWriterReply),
        (err: unknown) =>
          port.postMessage({
            id: request.id,
            ok: false,
            message: err instanceof Error ? err.message : String(err),
          } satisfies DecisionWriterReply),
      );
  });
}
