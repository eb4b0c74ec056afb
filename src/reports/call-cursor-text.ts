import { BadInputError } from '../errors/index.js';
import type { CallCursor } from './report-options-schema.js';

/**
 * A call list's page cursor as a portal link (`after=` / `before=`) or a SOAP
 * `After` carries it: the row's sort keys and id as base64url JSON. Read back
 * strictly: as many keys as the report sorts by, each a string or a number,
 * and an integer id; anything else is refused as bad input, never passed to SQL.
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
