import { BadInputError } from '../errors/index.js';
import { decodeCallCursor, encodeCallCursor, type CallCursor } from '../reports/index.js';

/**
 * GetCalls' `Next`/`After`: the number of the page it opens and the cursor of
 * the row before it (`3.<cursor>`; base64url has no dot). The page number
 * keeps the report's maximum number of calls counted; the cursor lets the
 * engine seek the page in the index instead of skipping every call before it.
 */
export function nextPageToken(page: number, after: CallCursor): string {
  return `${page}.${encodeCallCursor(after)}`;
}

export function readNextPageToken(token: string, sortKeys: number): { page: number; after: CallCursor } {
  const dot = token.indexOf('.');
  const page = Number(token.slice(0, dot));
  if (dot < 1 || !Number.isSafeInteger(page) || page < 2) throw new BadInputError('After is not a Next this API gave');
  return { page, after: decodeCallCursor(token.slice(dot + 1), sortKeys) };
}
