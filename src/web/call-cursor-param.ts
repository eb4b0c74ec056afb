import { decodeCallCursor, type ReportOptions } from '../reports/index.js';
import type { ViewPage } from './report-view.js';

const textOf = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';

/**
 * A call list's later page asked for by its number alone (`?page=N`, an old bookmark): no cursor says where it
 * starts, and finding it would read and skip every call before it. The portal sends such a request to the list's
 * first page, whose links carry cursors from there on.
 */
export function isBareCallListPage(page: number, query: Record<string, unknown>, options: ReportOptions): boolean {
  return options.kind === 'calls' && page > 1 && !textOf(query.after) && !textOf(query.before);
}

/**
 * The page a link asks for: its number and, for a call list, the cursor it carries (checked against the sort). A
 * call list's page without a cursor is its first (see isBareCallListPage): a call list never pages by offset here.
 */
export function callListPageOf(
  page: number,
  query: Record<string, unknown>,
  options: ReportOptions,
  pageSize: number,
): ViewPage {
  const sortKeys = options.sort?.length || 1;
  const [after, before] = [textOf(query.after), textOf(query.before)];
  if (options.kind !== 'calls') return { page, pageSize };
  if (page > 1 && after) return { page, pageSize, after: decodeCallCursor(after, sortKeys) };
  if (page > 1 && before) return { page, pageSize, before: decodeCallCursor(before, sortKeys) };
  return { page: 1, pageSize };
}
