/**
 * A PostgreSQL array literal (https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO) of integers or texts,
 * sent as the text of a `$n::bigint[]` or `$n::text[]` parameter. The pg driver converts a JavaScript array itself,
 * but quotes and escapes every element, numbers included, with two regular expressions each: for the rollups' arrays
 * (13 columns of up to 2,000 rows a batch) that was about a tenth of the PostgreSQL store thread (issue 18).
 */
const NEEDS_ESCAPE = /["\\]/;
const ESCAPES = /["\\]/g;

/** The literal of `values`: null and undefined as NULL, the others as `element` writes them (undefined: refused). */
function arrayLiteral(values: readonly unknown[], kind: string, element: (v: unknown) => string | undefined): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    const written = element(v);
    if (written === undefined) throw new TypeError(`${kind} array has no element for ${typeof v} ${String(v)}`);
    out += written;
  }
  return `${out}}`;
}

/** `{1,-2,NULL}`: anything but a finite number (or NULL) is refused. */
export const bigintArrayLiteral = (values: readonly unknown[]): string =>
  arrayLiteral(values, 'an integer', (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined));

/** `{"a","b \"c\"",NULL}`: every text quoted (so `NULL`, an empty text and spaces stay texts), `"` and `\` escaped. */
export const textArrayLiteral = (values: readonly unknown[]): string =>
  arrayLiteral(values, 'a text', (v) =>
    typeof v === 'string' ? `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPES, '\\$&') : v}"` : undefined,
  );
