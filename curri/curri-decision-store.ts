import type { DataSource } from 'typeorm';
import type { DecisionRecord } from './decision-recorder.js';

const columns = [
  'decided_at',
  'context',
  'calling_number',
  'called_number',
  'transformed_calling_number',
  'transformed_called_number',
  'calling_device_name',
  'trigger_point',
  'line_id',
  'outcome',
  'reason',
  'destination',
  'latency_us',
];

/** Rows per INSERT statement: well under SQLite's bound-parameter limit. */
const rowsPerStatement = 100;

/**
 * Writes decision records to curri_decisions with plain multi-row INSERTs:
 * the recorder writes every decision, and TypeORM's entity insert path costs
 * more CPU than the decisions themselves.
 */
export function createCurriDecisionStore(dataSource: DataSource): {
  insertMany(records: DecisionRecord[]): Promise<void>;
} {
  const postgres = dataSource.options.type === 'postgres';
  const statements = new Map<number, string>();
  const statementFor = (rows: number) => {
    let sql = statements.get(rows);
    if (sql === undefined) {
      let n = 0;
      const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
      sql =
        `INSERT INTO curri_decisions (${columns.join(', ')}) VALUES ` +
        `${Array.from({ length: rows }, tuple).join(', ')}`;
      statements.set(rows, sql);
    }
    return sql;
  };
  return {
    async insertMany(records) {
      for (let from = 0; from < records.length; from += rowsPerStatement) {
        const chunk = records.slice(from, from + rowsPerStatement);
        const params: unknown[] = [];
        for (const r of chunk) params.push(...decisionValues(r));
        await dataSource.query(statementFor(chunk.length), params);
      }
    },
  };
}

/** The slice of better-sqlite3's API the SQLite writer uses. */
export interface SqliteDecisionHandle {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
}

/**
 * The same on a better-sqlite3 connection of its own (the decision writer
 * thread): one prepared single-row INSERT, a whole batch in one transaction.
 * Several times cheaper per decision than SQL text through TypeORM, and every
 * decision is recorded, so this is CPU taken from the machine answering CUCM.
 */
export function createSqliteDecisionStore(db: SqliteDecisionHandle): { insertRows(rows: DecisionValues[]): void } {
  const insert = db.prepare(
    `INSERT INTO curri_decisions (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const insertAll = db.transaction((rows: DecisionValues[]) => {
    // The row array binds as it is: no spread of 13 arguments per decision.
    for (const row of rows) insert.run(row);
  });
  return { insertRows: (rows) => insertAll(rows) };
}

/** A record as the values of a row (numbers, strings, null), in `columns` order. */
export type DecisionValues = Array<string | number | null>;

/** One record's values in `columns` order, texts cut to their columns. */
export function decisionValues(r: DecisionRecord): DecisionValues {
  return [
    r.decidedAt.getTime(),
    r.context.slice(0, 64),
    r.callingNumber,
    r.calledNumber,
    r.transformedCallingNumber,
    r.transformedCalledNumber,
    r.callingDeviceName,
    r.triggerPoint.slice(0, 32),
    r.lineId,
    r.outcome,
    r.reason,
    r.destination.slice(0, 64),
    r.latencyUs,
  ];
}
