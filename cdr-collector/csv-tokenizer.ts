const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const FLAG_QUOTED = 1;
const FLAG_ESCAPES = 2;

/** Why a record's quoting broke RFC 4180; the record is still delivered so the caller can reject it by line. */
export type CsvRecordProblem = 'text after closing quote' | 'quote inside unquoted field' | 'unterminated quoted field';

export interface CsvTokenizerOptions {
  /**
   * RFC 4180 lets a quoted field span lines. CUCM writes one record per line, so
   * the CDR reader turns this off: a stray quote then spoils one line, not the
   * rest of the file.
   */
  newlinesInQuotes?: boolean;
}

/**
 * One record, valid only during the callback that receives it (the view and its
 * arrays are reused). Fields are decoded on demand, so a reader that needs 40
 * of 133 columns never builds the other 93 strings.
 */
export interface CsvRecordView {
  readonly fieldCount: number;
  /** 1-based physical line the record starts on. */
  readonly line: number;
  readonly problem: CsvRecordProblem | null;
  text(index: number): string;
  /** The field as a (possibly signed) integer, surrounding blanks ignored; NaN when it is not one, or is empty. */
  int(index: number): number;
  isEmpty(index: number): boolean;
  /**
   * The field's text through `cache`: the string made the last time the same bytes came, when the cache holds it
   * (no new string, and a Map lookup by it reuses the hash V8 keeps in the string). For columns whose values
   * repeat (cluster id, partitions, device names); a column of unique values gains nothing from it.
   */
  cachedText(index: number, cache: TextCache): string;
  /** The record as it appears in the file, without its line terminator. */
  raw(): string;
}

/**
 * A direct-mapped cache from a field's bytes to the string they decode to: one slot per hash of the bytes, a
 * newcomer replaces the slot's string. Bounded, so it holds at most `slots` short strings whatever the file.
 */
export interface TextCache {
  readonly mask: number;
  readonly strings: Array<string | undefined>;
}

/** Fields longer than this are decoded as they come: long values rarely repeat. */
const CACHED_FIELD_MAX = 64;

export function createTextCache(slots = 1024): TextCache {
  const size = 2 ** Math.ceil(Math.log2(Math.max(2, slots)));
  return { mask: size - 1, strings: new Array<string | undefined>(size).fill(undefined) };
}

export type RecordCallback = (record: CsvRecordView) => boolean | void;

export interface CsvTokenizer {
  /**
   * Tokenizes the complete records in `chunk`; returns how many leading bytes
   * were consumed. A callback returning `false` stops after that record (the
   * caller then pushes the unconsumed rest again).
   */
  push(chunk: Buffer, onRecord: RecordCallback): number;
  /** Delivers the remaining records, the last one even without a line terminator (same stop rule). */
  finish(rest: Buffer, onRecord: RecordCallback): number;
}

/**
 * A streaming RFC 4180 tokenizer over Buffers (comma separator, double-quote
 * quoting with "" as an escaped quote, LF or CRLF records, a UTF-8 BOM skipped,
 * empty lines skipped). csv-parse is the reference it is tested against; this
 * one exists for speed: it records field boundaries instead of building strings.
 */
export function createCsvTokenizer(options: CsvTokenizerOptions = {}): CsvTokenizer {
  const newlinesInQuotes = options.newlinesInQuotes ?? true;
  let starts = new Int32Array(256);
  let ends = new Int32Array(256);
  let flags = new Uint8Array(256);
  let count = 0;
  let buf: Buffer = Buffer.alloc(0);
  let recordStart = 0;
  let recordEnd = 0;
  let line = 1;
  let recordLine = 1;
  let problem: CsvRecordProblem | null = null;
  let firstChunk = true;
  /** OR of every field byte of the record: below 0x80 means pure ASCII. */
  let high = 0;

  const view: CsvRecordView = {
    get fieldCount() {
      return count;
    },
    get line() {
      return recordLine;
    },
    get problem() {
      return problem;
    },
    text(i) {
      if (i >= count) return '';
      const start = starts[i] as number;
      const end = ends[i] as number;
      if (start === end) return '';
      // Only the field's bytes: decoding the whole line for a few fields makes a line-sized string per record, and
      // a long field sliced from it would keep the whole line alive as long as it lives (in a memo, say).
      const s = buf.toString(high < 0x80 ? 'latin1' : 'utf8', start, end);
      return (flags[i] as number) & FLAG_ESCAPES ? s.replaceAll('""', '"') : s;
    },
    int(i) {
      return i < count ? parseIntBytes(buf, starts[i] as number, ends[i] as number) : NaN;
    },
    isEmpty(i) {
      return i >= count || starts[i] === ends[i];
    },
    cachedText(i, cache) {
      if (i >= count) return '';
      const start = starts[i] as number;
      const end = ends[i] as number;
      const n = end - start;
      if (n === 0) return '';
      if (high >= 0x80 || n > CACHED_FIELD_MAX || (flags[i] as number) & FLAG_ESCAPES) return view.text(i);
      let h = n;
      for (let k = start; k < end; k++) h = (Math.imul(h, 31) + (buf[k] as number)) | 0;
      const slot = (h ^ (h >>> 15)) & cache.mask;
      const held = cache.strings[slot];
      if (held !== undefined && held.length === n) {
        let k = 0;
        while (k < n && held.charCodeAt(k) === buf[start + k]) k++;
        if (k === n) return held;
      }
      // A flat string of its own (not a slice of the record's text, which would keep the whole line alive).
      const fresh = buf.toString('latin1', start, end);
      cache.strings[slot] = fresh;
      return fresh;
    },
    raw() {
      return buf.toString('utf8', recordStart, recordEnd);
    },
  };

  function addField(start: number, end: number, flag: number): void {
    if (count === starts.length) {
      const grow = starts.length * 2;
      const s = new Int32Array(grow);
      s.set(starts);
      starts = s;
      const e = new Int32Array(grow);
      e.set(ends);
      ends = e;
      const f = new Uint8Array(grow);
      f.set(flags);
      flags = f;
    }
    starts[count] = start;
    ends[count] = end;
    flags[count] = flag;
    count++;
  }

  /**
   * Scans one record from `pos`. Returns the offset after its terminator, or -1
   * when the buffer ends first (and `final` is false).
   */
  function scanRecord(pos: number, limit: number, final: boolean): number {
    count = 0;
    problem = null;
    high = 0;
    recordStart = pos;
    recordLine = line;
    let linesInside = 0;
    let i = pos;
    const b = buf;
    for (;;) {
      // At the start of a field.
      if (i < limit && buf[i] === QUOTE) {
        const contentStart = i + 1;
        let j = contentStart;
        let flag = FLAG_QUOTED;
        for (;;) {
          let k = j;
          while (k < limit) {
            const c = b[k] as number;
            // Most bytes are printable ASCII past the quote: one test, then on.
            if (c > QUOTE && c < 0x80) {
              k++;
              continue;
            }
            high |= c;
            if (c === QUOTE) break;
            if (c === LF) {
              if (!newlinesInQuotes) break;
              linesInside++;
            }
            k++;
          }
          if (k >= limit) {
            if (!final) return -1;
            addField(contentStart, limit, flag);
            problem = 'unterminated quoted field';
            return endRecord(limit, limit, linesInside);
          }
          if (buf[k] === LF) {
            // CUCM mode: the line ends inside quotes, so this record is broken; end it at the newline.
            const end = withoutCr(contentStart, k);
            addField(contentStart, end, flag);
            problem = 'unterminated quoted field';
            return endRecord(end, k + 1, linesInside);
          }
          if (k + 1 >= limit && !final) return -1;
          if (k + 1 < limit && buf[k + 1] === QUOTE) {
            flag |= FLAG_ESCAPES;
            j = k + 2;
            continue;
          }
          addField(contentStart, k, flag);
          i = k + 1;
          break;
        }
        if (i < limit && buf[i] === COMMA) {
          i++;
          continue;
        }
        const term = terminatorAt(i, limit, final);
        if (term === -2) return -1;
        if (term >= 0) return endRecord(i, term, linesInside);
        // Text after the closing quote: the record is malformed; it ends at the line end.
        problem = 'text after closing quote';
        const nl = buf.indexOf(LF, i);
        if (nl === -1 || nl >= limit) {
          if (!final) return -1;
          return endRecord(limit, limit, linesInside);
        }
        return endRecord(withoutCr(i, nl), nl + 1, linesInside);
      }
      // Unquoted field.
      const start = i;
      while (i < limit) {
        const c = b[i] as number;
        // Digits, letters and most punctuation come after the comma in ASCII: one test, then on.
        if (c > COMMA && c < 0x80) {
          i++;
          continue;
        }
        high |= c;
        if (c === COMMA || c === LF) break;
        if (c === QUOTE) problem ??= 'quote inside unquoted field';
        i++;
      }
      if (i >= limit) {
        if (!final) return -1;
        const end = withoutCr(start, i);
        addField(start, end, 0);
        return endRecord(end, i, linesInside);
      }
      if (buf[i] === COMMA) {
        addField(start, i, 0);
        i++;
        continue;
      }
      const end = withoutCr(start, i);
      addField(start, end, 0);
      return endRecord(end, i + 1, linesInside);
    }
  }

  /** The end of a field or line that stops at `end`, less a CR just before it. */
  function withoutCr(start: number, end: number): number {
    return end > start && buf[end - 1] === CR ? end - 1 : end;
  }

  /** At offset i just after a closing quote: the terminator's end, -1 if none, -2 if undecidable yet. */
  function terminatorAt(i: number, limit: number, final: boolean): number {
    if (i >= limit) return final ? limit : -2;
    const c = buf[i];
    if (c === LF) return i + 1;
    if (c === CR) {
      if (i + 1 >= limit) return final ? limit : -2;
      if (buf[i + 1] === LF) return i + 2;
    }
    return -1;
  }

  function endRecord(end: number, next: number, linesInside = 0): number {
    recordEnd = end;
    line += linesInside + (next > end ? 1 : 0);
    return next;
  }

  function run(chunk: Buffer, onRecord: RecordCallback, final: boolean): number {
    buf = chunk;
    let pos = 0;
    if (firstChunk && chunk.length > 0) {
      if (chunk.length < 3 && !final && chunk[0] === 0xef) return 0;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) pos = 3;
      firstChunk = false;
    }
    const limit = chunk.length;
    while (pos < limit) {
      // Empty lines (LF or CRLF) are skipped, as csv-parse's skip_empty_lines does.
      const c = chunk[pos];
      if (c === LF) {
        pos++;
        line++;
        continue;
      }
      if (c === CR && pos + 1 < limit && chunk[pos + 1] === LF) {
        pos += 2;
        line++;
        continue;
      }
      if (c === CR && pos + 1 >= limit && !final) break;
      const next = scanRecord(pos, limit, final);
      if (next === -1) break;
      pos = next;
      if (onRecord(view) === false) break;
    }
    return pos;
  }

  return {
    push: (chunk, onRecord) => run(chunk, onRecord, false),
    finish: (rest, onRecord) => run(rest, onRecord, true),
  };
}

/** Integer from ASCII digits with optional sign and surrounding blanks (CUCM pads some CMR numbers). */
function parseIntBytes(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
  let e = end;
  while (e > i && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  if (i === e) return NaN;
  let negative = false;
  if (buf[i] === MINUS) {
    negative = true;
    i++;
    if (i === e) return NaN;
  }
  let value = 0;
  for (; i < e; i++) {
    const c = buf[i] as number;
    if (c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  return negative ? -value : value;
}

/** Every record of a whole input as arrays of strings (tests, small files). */
export function tokenizeCsv(
  input: Buffer | string,
  options: CsvTokenizerOptions = {},
): { fields: string[]; line: number; problem: CsvRecordProblem | null }[] {
  const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const tokenizer = createCsvTokenizer(options);
  const records: { fields: string[]; line: number; problem: CsvRecordProblem | null }[] = [];
  const collect = (r: CsvRecordView) => {
    const fields: string[] = [];
    for (let i = 0; i < r.fieldCount; i++) fields.push(r.text(i));
    records.push({ fields, line: r.line, problem: r.problem });
  };
  const used = tokenizer.push(buffer, collect);
  tokenizer.finish(buffer.subarray(used), collect);
  return records;
}
