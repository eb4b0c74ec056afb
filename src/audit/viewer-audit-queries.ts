import { assertRole, type Viewer } from '../viewer/index.js';
import type { AuditFilter, AuditRecord, AuditService } from './audit-service.js';

/** The audit log as a viewer may read it: administrators only (supervisors and users are refused). */
export interface ViewerAuditQueries {
  /** Newest first. */
  list(viewer: Viewer, filter: AuditFilter & { limit: number; offset: number }): Promise<AuditRecord[]>;
  /** Every matching entry, oldest first (exports); refused before the first row. */
  entries(viewer: Viewer, filter: AuditFilter): AsyncIterable<AuditRecord>;
}

export function createViewerAuditQueries(audit: Pick<AuditService, 'list' | 'entries'>): ViewerAuditQueries {
  return {
    async list(viewer, filter) {
      assertRole(viewer, 'admin');
      return audit.list(filter);
    },
    entries(viewer, filter) {
      assertRole(viewer, 'admin');
      return audit.entries(filter);
    },
  };
}
