import { decimalDigits, writeDecimalDigits } from './decimal-digits.js';

/**
 * PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"):
 * one line per row, values separated by tabs, `\N` for NULL (so an empty string stays an empty string), and
 * backslash, tab, newline and carriage return escaped inside a value. Every other character, unicode included,
 * travels as it is: the stream is sent in the connection's client encoding, UTF-8.
 */
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const MINUS = 0x2d;
const BACKSLASH = 0x5c;
const N = 0x4e;
const T = 0x74;
const F = 0x66;

const escaped = (text: string): string =>
  SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPED[c] as string) : text;

/**
 * Writes rows as COPY text bytes (UTF-8): null and undefined as `\N`, booleans as t/f, numbers as JavaScript prints
 * them, texts escaped; values separated by tabs, each line ended by a newline. Straight into a buffer kept from
 * piece to piece: building the text as a string first cost the PostgreSQL store thread about 3 kB of garbage a
 * call, and its UTF-8 conversion once more (issue 18).
 */
export interface CopyTextWriter {
  /** The rows' COPY text, in a buffer of its own; with `ids`, each line starts with its row's id. */
  rows(rows: readonly (readonly unknown[])[], ids?: readonly number[]): Buffer;
}

export function createCopyTextWriter(): CopyTextWriter {
  let buf = Buffer.allocUnsafe(64 * 1024);
  let at = 0;

  const room = (more: number): void => {
    if (at + more <= buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(at + more, buf.length * 2));
    buf.copy(bigger, 0, 0, at);
    buf = bigger;
  };

  const integer = (v: number): void => {
    room(17);
    if (v < 0) buf[at++] = MINUS;
    const magnitude = Math.abs(v);
    const end = at + decimalDigits(magnitude);
    writeDecimalDigits(buf, end, magnitude);
    at = end;
  };

  /**
   * A text: byte by byte while it is ASCII with nothing to escape (most are: numbers, names, the detail's JSON),
   * which costs less than a call into Buffer.write; otherwise escaped and written as UTF-8 from the start.
   */
  const text = (t: string): void => {
    const n = t.length;
    room(n);
    let i = 0;
    for (; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0x80 || c === BACKSLASH || c === TAB || c === NEWLINE || c === RETURN) break;
      buf[at + i] = c;
    }
    if (i === n) {
      at += n;
      return;
    }
    const e = escaped(t);
    // At most three UTF-8 bytes a UTF-16 unit (a lone surrogate becomes U+FFFD's three, as Buffer.from writes it).
    room(e.length * 3);
    at += buf.write(e, at, 'utf8');
  };

  const ascii = (text: string): void => {
    room(text.length);
    at += buf.write(text, at, 'latin1');
  };

  const value = (v: unknown): void => {
    if (v === null || v === undefined) {
      room(2);
      buf[at++] = BACKSLASH;
      buf[at++] = N;
      return;
    }
    switch (typeof v) {
      case 'string':
        text(v);
        return;
      case 'number':
        if (Number.isSafeInteger(v)) integer(v);
        else ascii(String(v));
        return;
      case 'bigint':
        ascii(String(v));
        return;
      case 'boolean':
        room(1);
        buf[at++] = v ? T : F;
        return;
      default:
        throw new TypeError(`COPY text has no form for a value of type ${typeof v}`);
    }
  };

  return {
    rows(rows, ids) {
      at = 0;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r] as readonly unknown[];
        if (ids) {
          integer(ids[r] as number);
          room(1);
          buf[at++] = TAB;
        }
        for (let c = 0; c < row.length; c++) {
          if (c > 0) {
            room(1);
            buf[at++] = TAB;
          }
          value(row[c]);
        }
        room(1);
        buf[at++] = NEWLINE;
      }
      return Buffer.from(buf.subarray(0, at));
    },
  };
}
