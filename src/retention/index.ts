/**
 * Retention: rows of each kind (calls, CURRI decisions, CDR rejects, the CDR
 * ledger, audit entries, alarms' and reports' runs, and what other modules
 * register) are deleted once older than their kind's days, in small batches,
 * each purge recorded.
 */
export {
  createRetentionService,
  type PurgeRecord,
  type RetentionService,
  type RetentionServiceDeps,
} from './retention-service.js';
export { builtinRetentionKinds, checkRetentionKind, type RetentionKind } from './retention-kind.js';
