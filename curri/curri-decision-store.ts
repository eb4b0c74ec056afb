import type { DataSource } from 'typeorm';
import {
  compactDecisionColumns,
  compactDecisionRow,
  decisionTexts,
  insertDeviceSql,
  insertKindSql,
  kindKey,
  numbered,
  selectDeviceSql,
  selectKindSql,
} from './decision-codes.js';
import type { DecisionRecord } from './decision-recorder.js';

/** Rows per INSERT statement: well under SQLite's bound-parameter limit. */
const rowsPerStatement = 100;

/**
 * Writes decision records to curri_decisions with plain multi-row INSERTs:
 * the recorder writes every decision, and TypeORM's entity insert path costs
 * more CPU than the decisions themselves. The shared texts become codes
 * (decision-codes.ts); a code, once drawn, is committed at once and kept, so
 * the cache never names a row that is not there.
 */
export function createCurriDecisionStore(dataSource: DataSource): {
  insertMany(records: DecisionRecord[]): Promise<void>;
} {
  const postgres = dataSource.options.type === 'postgres';
  const sql = (text: string) => (postgres ? numbered(text) : text);
  const kinds = new Map<string, number>();
  const devices = new Map<string, number>();
  const codeOf = async (cache: Map<string, number>, key: string, draw: [string, string], params: string[]) => {
    const known = cache.get(key);
    if (known !== undefined) return known;
    await dataSource.query(sql(draw[0]), params);
    const [row] = (await dataSource.query(sql(draw[1]), params)) as Array<{ id: number | string }>;
    const id = Number(row?.id);
    cache.set(key, id);
    return id;
  };
  const statements = new Map<number, string>();
  const statementFor = (rows: number) => {
    let text = statements.get(rows);
    if (text === undefined) {
      const tuple = `(${compactDecisionColumns.map(() => '?').join(', ')})`;
      text = sql(
        `INSERT INTO curri_decisions (${compactDecisionColumns.join(', ')}) VALUES ` +
          `${Array.from({ length: rows }, () => tuple).join(', ')}`,
      );
      statements.set(rows, text);
    }
    return text;
  };
  return {
    async insertMany(records) {
      for (let from = 0; from < records.length; from += rowsPerStatement) {
        const params: unknown[] = [];
        for (const r of records.slice(from, from + rowsPerStatement)) {
          const values = decisionValues(r);
          const { kind, device } = decisionTexts(values);
          const kindId = await codeOf(kinds, kindKey(kind), [insertKindSql, selectKindSql], [...kind]);
          const deviceId = device ? await codeOf(devices, device, [insertDeviceSql, selectDeviceSql], [device]) : null;
          params.push(...compactDecisionRow(values, kindId, deviceId));
        }
        await dataSource.query(statementFor(params.length / compactDecisionColumns.length), params);
      }
    },
  };
}

/** The slice of better-sqlite3's API the SQLite writer uses. */
export interface SqliteDecisionHandle {
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
}

/**
 * The same on a better-sqlite3 connection of its own (the decision writer
 * thread): one prepared single-row INSERT, a whole batch in one transaction.
 * Several times cheaper per decision than SQL text through TypeORM, and every
 * decision is recorded, so this is CPU taken from the machine answering CUCM.
 * Codes drawn in a batch that rolls back are forgotten with it.
 */
export function createSqliteDecisionStore(db: SqliteDecisionHandle): { insertRows(rows: DecisionValues[]): void } {
  const insert = db.prepare(
    `INSERT INTO curri_decisions (${compactDecisionColumns.join(', ')}) ` +
      `VALUES (${compactDecisionColumns.map(() => '?').join(', ')})`,
  );
  const [insertKind, selectKind, insertDevice, selectDevice] = [
    insertKindSql,
    selectKindSql,
    insertDeviceSql,
    selectDeviceSql,
  ].map((text) => db.prepare(text));
  const kinds = new Map<string, number>();
  const devices = new Map<string, number>();
  let drawn: Array<[Map<string, number>, string]> = [];
  const codeOf = (cache: Map<string, number>, key: string, draw: 'kind' | 'device', params: string[]) => {
    const known = cache.get(key);
    if (known !== undefined) return known;
    (draw === 'kind' ? insertKind : insertDevice)!.run(params);
    const row = (draw === 'kind' ? selectKind : selectDevice)!.get(params) as { id: number };
    cache.set(key, row.id);
    drawn.push([cache, key]);
    return row.id;
  };
  const insertAll = db.transaction((rows: DecisionValues[]) => {
    for (const values of rows) {
      const { kind, device } = decisionTexts(values);
      const kindId = codeOf(kinds, kindKey(kind), 'kind', [...kind]);
      const deviceId = device ? codeOf(devices, device, 'device', [device]) : null;
      // The row array binds as it is: no spread of arguments per decision.
      insert.run(compactDecisionRow(values, kindId, deviceId));
    }
  });
  return {
    insertRows(rows) {
      drawn = [];
      try {
        insertAll(rows);
      } catch (err) {
        for (const [cache, key] of drawn) cache.delete(key);
        throw err;
      }
    },
  };
}

/** A record as the values of a row (numbers, strings, null), in `columns` order. */
export type DecisionValues = Array<string | number | null>;

/** One record's values (the form that crosses to the writer thread), texts cut to their columns. */
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
