/**
 * The audit log: every administrative and supervisor action from every door
 * (CLI, SOAP, web), with who, in which role, from where, what and when. Users'
 * own lock changes are in the lock history instead.
 */
export {
  createAuditService,
  type AuditActor,
  type AuditEntry,
  type AuditFilter,
  type AuditRecord,
  type AuditRecorder,
  type AuditService,
} from './audit-service.js';
export type { AuditChannel } from '../store/index.js';
export { createViewerAuditQueries, type ViewerAuditQueries } from './viewer-audit-queries.js';
