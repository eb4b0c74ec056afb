// For benchmarks and fixtures: the decision stores (the writer thread's SQLite one, and the DataSource one) and
// the wire form of a record.
export {
  createCurriDecisionStore,
  createSqliteDecisionStore,
  decisionValues,
  type SqliteDecisionHandle,
} from '../curri-decision-store.js';
export type { DecisionRecord } from '../decision-recorder.js';
