import { viewerScope, type ViewerIdentity, type ViewerRole } from '../viewer/index.js';
export type { ViewerRole };
import type { ReportScope } from './build-call-filter.js';
import { callFields, isExternalNumber, type CallFieldName } from './call-fields.js';
import { HIDDEN } from './build-call-list-sql.js';
import { maskNumber } from './mask-number.js';
import { CURRENCY_KEY, type ReportRow } from './report-table.js';

/**
 * Who runs a report: the kernel's viewer identity. Administrators see every
 * call; a supervisor only the calls of their departments; a user only their
 * own. `mask` forces privacy masking even for a role allowed to see numbers.
 */
export type ReportViewer = ViewerIdentity;

/** The viewer the CLI runs as: the operator on the server, an administrator. */
export function cliViewer(mask = false): ReportViewer {
  return { name: 'cli', role: 'admin', mask };
}

export function scopeOf(viewer: ReportViewer): ReportScope {
  const scope = viewerScope(viewer);
  if (scope.kind === 'departments') return { departments: scope.departments };
  if (scope.kind === 'self') return { username: scope.username };
  return {};
}

export interface PrivacySettings {
  maskDigits: number;
  revealRoles: ViewerRole[];
}

/** Whether external numbers are shown in full to this viewer. */
export function revealsNumbers(viewer: ReportViewer, privacy: PrivacySettings): boolean {
  return privacy.maskDigits === 0 || (!viewer.mask && privacy.revealRoles.includes(viewer.role));
}

/**
 * A database row of a call list as a report row: numbers from PostgreSQL's
 * bigint strings made numbers, SQLite's 0/1 made booleans, and external
 * numbers masked unless `reveal`.
 */
export function toCallRow(
  raw: Record<string, unknown>,
  fields: CallFieldName[],
  reveal: boolean,
  maskDigits: number,
): ReportRow {
  const direction = String(raw[HIDDEN.direction]);
  const row: ReportRow = { [CURRENCY_KEY]: (raw[HIDDEN.currency] as string | null) ?? null };
  for (const name of fields) {
    const field = callFields[name];
    const value = raw[name];
    if (value === null || value === undefined) {
      row[name] = null;
      continue;
    }
    switch (field.type) {
      case 'boolean':
        row[name] = value === true || value === 1 || value === '1' || value === 't';
        break;
      case 'text': {
        const text = String(value);
        const side = 'side' in field ? field.side : undefined;
        row[name] = side && !reveal && isExternalNumber(side, direction) ? maskNumber(text, maskDigits) : text;
        break;
      }
      default:
        row[name] = Number(value);
    }
  }
  return row;
}

/**
 * A report row as a viewer without the right to numbers sees it: the external
 * numbers of `fields` masked, as `toCallRow` masks them. Needs the row's direction.
 */
export function maskCallRow(row: ReportRow, fields: readonly CallFieldName[], maskDigits: number): ReportRow {
  const direction = String(row.direction ?? '');
  const masked: ReportRow = { ...row };
  for (const name of fields) {
    const field = callFields[name];
    const value = row[name];
    const side = 'side' in field ? field.side : undefined;
    if (typeof value === 'string' && side && isExternalNumber(side, direction))
      masked[name] = maskNumber(value, maskDigits);
  }
  return masked;
}
