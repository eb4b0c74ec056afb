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
export function createCurriDecisionStore(dataSource: DataSource): { insertMany(records: DecisionRecord[]): Promise<void> } {
  const postgres = dataSource.options.type === 'postgres';
  const statements = new Map<number, string>();
  const statementFor = (rows: number) => {
    let sql = statements.get(rows);
    if (sql === undefined) {
      let n = 0;
      const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
      sql = `INSERT INTO curri_decisions (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, tuple).join(', ')}`;
      statements.set(rows, sql);
    }
    return sql;
  };
  return {
    async insertMany(records) {
      for (let from = 0; from < records.length; from += rowsPerStatement) {
        const chunk = records.slice(from, from + rowsPerStatement);
        const params: unknown[] = [];
        for (const r of chunk) {
          params.push(
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
          );
        }
        await dataSource.query(statementFor(chunk.length), params);
      }
    },
  };
}
