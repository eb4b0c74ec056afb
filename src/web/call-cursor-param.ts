import { BadInputError } from '../errors/index.js';
import type { CallCursor, ReportOptions } from '../reports/index.js';
import type { ViewPage } from './report-view.js';

/**
 * A call list's page cursor as a link carries it (`after=` / `before=`): the row's sort keys and id
 * as base64url JSON. Read back strictly: as many keys as the report sorts by, each a string or a
 * number, and an integer id; anything else is refused as bad input, never passed to SQL.
 */
export function encodeCallCursor(cursor: CallCursor): string {
  return Buffer.from(JSON.stringify([...cursor.keys, cursor.id])).toString('base64url');
}

export function decodeCallCursor(text: string, sortKeys: number): CallCursor {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new BadInputError('page cursor is not valid');
  }
  if (
    !Array.isArray(values) ||
    values.length !== sortKeys + 1 ||
    !values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) ||
    !Number.isSafeInteger(values[sortKeys])
  )
    throw new BadInputError('page cursor is not valid');
  return { keys: values.slice(0, sortKeys), id: values[sortKeys] as number };
}

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
