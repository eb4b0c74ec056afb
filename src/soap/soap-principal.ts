import { ForbiddenError } from '../errors/index.js';
import type { ReportViewer } from '../reports/index.js';

/** The admin account a SOAP request authenticated as. */
export interface SoapPrincipal {
  username: string;
  role: 'admin' | 'supervisor';
  /** Department names a supervisor is limited to. */
  departments: string[];
  /** The client's address, for the audit log. */
  address: string;
}

export function viewerOf(principal: SoapPrincipal): ReportViewer {
  return principal.role === 'admin'
    ? { name: principal.username, role: 'admin' }
    : { name: principal.username, role: 'supervisor', departments: principal.departments };
}

/** Whether the principal may see or act on something of this department (null = none). */
export function coversDepartment(principal: SoapPrincipal, department: string | null | undefined): boolean {
  return principal.role === 'admin' || (!!department && principal.departments.includes(department));
}

export function assertCoversDepartment(
  principal: SoapPrincipal,
  department: string | null | undefined,
  what: string,
): void {
  if (!coversDepartment(principal, department)) {
    const whose = department ? `belongs to department ${department}, ` : 'has no department, so it is ';
    throw new ForbiddenError(`${what} ${whose}outside your departments (${principal.departments.join(', ')})`);
  }
}
