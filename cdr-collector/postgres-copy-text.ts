/**
 * PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"):
 * one line per row, values separated by tabs, `\N` for NULL (so an empty string stays an empty string), and
 * backslash, tab, newline and carriage return escaped inside a value. Every other character, unicode included,
 * travels as it is: the stream is sent in the connection's client encoding, UTF-8.
 */
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value as COPY text: null (and undefined) as `\N`, booleans as t/f, numbers and texts escaped. */
export function copyTextValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPED[c] as string) : value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return '\\N';
    default:
      if (value === null) return '\\N';
      throw new TypeError(`COPY text has no form for a value of type ${typeof value}`);
  }
}

/** The rows as COPY text, each line ended by a newline; with `ids`, each line starts with its row's id. */
export function copyTextRows(rows: readonly (readonly unknown[])[], ids?: readonly number[]): string {
  let out = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly unknown[];
    if (ids) out += `${ids[r]}\t`;
    for (let c = 0; c < row.length; c++) out += (c === 0 ? '' : '\t') + copyTextValue(row[c]);
    out += '\n';
  }
  return out;
}
