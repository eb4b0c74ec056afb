// For the decision storage benchmark: the writer thread's SQLite store and the wire form of a record.
export { createSqliteDecisionStore, decisionValues, type SqliteDecisionHandle } from '../curri-decision-store.js';
export type { DecisionRecord } from '../decision-recorder.js';
