import type { CallRowValue, CallRowValues } from './call-row.js';
import { decimalDigits, writeDecimalDigits } from './decimal-digits.js';

/**
 * A batch of call rows packed into a few typed arrays, so it crosses to the
 * store thread as transferred buffers (`postMessage(msg, transferList)`)
 * instead of a structured clone of thousands of small arrays: per cell a tag,
 * the numbers in cell order, each string's length and all strings' UTF-16
 * code units in one buffer (one byte per unit while every unit is below 256).
 * Texts that repeat from row to row (cluster, partitions, gateway, currency…)
 * are written once per batch into a small table and named by their index.
 */
export interface PackedCallRows {
  rows: number;
  columns: number;
  /** Per cell, row by row: TAG_*. */
  tags: Uint8Array;
  /** The numbers of NUMBER cells, in cell order. */
  numbers: Float64Array;
  /**
   * The length (UTF-16 code units) of each STRING cell, the table index of each SHARED cell and the length of each
   * BYTES cell, in cell order.
   */
  lengths: Uint32Array;
  /** Every string's code units back to back: latin-1 bytes, or UTF-16 once a unit above 255 was written. */
  text: Uint8Array | Uint16Array;
  textLength: number;
  /** Every BYTES cell's bytes back to back. */
  bytes: Uint8Array;
  /** The batch's repeated texts, by index (SHARED cells). */
  shared: string[];
}

const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_NUMBER = 3;
const TAG_STRING = 4;
const TAG_SHARED = 5;
const TAG_BYTES = 6;

/** Distinct repeated texts a batch keeps in its table; further ones are written out like any text. */
const SHARED_MAX = 4096;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Writes rows cell by cell, in column order; `finish` hands the packed batch over and starts an empty one. */
export interface PackedCallRowsWriter {
  put(value: CallRowValue): void;
  /** A text that repeats across rows (a partition, a gateway): written once per batch, then named by index. */
  putShared(value: string | null): void;
  /**
   * One text cell built piece by piece (`append*`, then `endText`), so a composed value such as the detail's
   * JSON is written into the batch without being a string first.
   */
  beginText(): void;
  /** Code units as they are. */
  appendRaw(s: string): void;
  /** `s` as a JSON string literal (quoted; escaped exactly as JSON.stringify does). */
  appendJsonString(s: string): void;
  /** A safe integer in decimal. */
  appendInteger(n: number): void;
  endText(): void;
  /** A cell of bytes: the first `length` of `source` (copied), read back as a Uint8Array (a JSONB detail). */
  putBytes(source: Uint8Array, length: number): void;
  /** Rows completed so far (a row is complete after `columns` puts). */
  readonly rows: number;
  finish(): PackedCallRows;
}

export function createPackedCallRowsWriter(columns: number, expectedRows = 256): PackedCallRowsWriter {
  let tags = new Uint8Array(columns * expectedRows);
  let numbers = new Float64Array(columns * expectedRows);
  let lengths = new Uint32Array(columns * expectedRows);
  let text: Uint8Array | Uint16Array = new Uint8Array(64 * expectedRows);
  let cells = 0;
  let numberCount = 0;
  let stringCount = 0;
  let textLength = 0;
  let bytes = new Uint8Array(expectedRows * 64);
  let bytesLength = 0;
  let shared: string[] = [];
  let sharedIndex = new Map<string, number>();
  /** Where the text cell being built started, and its slot in `lengths`. */
  let openedAt = -1;
  let openedSlot = -1;

  const roomForText = (more: number, wide: boolean): void => {
    const need = textLength + more;
    const widen = wide && text instanceof Uint8Array;
    if (need <= text.length && !widen) return;
    const size = Math.max(need, text.length * 2);
    const bigger = widen || text instanceof Uint16Array ? new Uint16Array(size) : new Uint8Array(size);
    bigger.set(text.subarray(0, textLength));
    text = bigger;
  };

  /** Copies the code units of `s` after the text so far. */
  const appendUnits = (s: string): void => {
    const n = s.length;
    roomForText(n, false);
    let t = text;
    let at = textLength;
    for (let k = 0; k < n; k++) {
      const unit = s.charCodeAt(k);
      if (unit > 0xff && t instanceof Uint8Array) {
        textLength = at;
        roomForText(n - k, true);
        t = text;
      }
      t[at++] = unit;
    }
    textLength = at;
  };

  const tag = (t: number): void => {
    if (cells === tags.length) tags = grow(tags, Uint8Array);
    tags[cells++] = t;
  };
  const lengthSlot = (): number => {
    if (stringCount === lengths.length) lengths = grow(lengths, Uint32Array);
    return stringCount++;
  };

  const putString = (s: string): void => {
    tag(TAG_STRING);
    const slot = lengthSlot(); // before indexing: it may replace `lengths`
    lengths[slot] = s.length;
    appendUnits(s);
  };

  const putBytes = (source: Uint8Array, length: number): void => {
    tag(TAG_BYTES);
    const slot = lengthSlot();
    lengths[slot] = length;
    if (bytesLength + length > bytes.length) {
      const bigger = new Uint8Array(Math.max(bytesLength + length, bytes.length * 2));
      bigger.set(bytes.subarray(0, bytesLength));
      bytes = bigger;
    }
    bytes.set(source.subarray(0, length), bytesLength);
    bytesLength += length;
  };

  return {
    put(value) {
      if (typeof value === 'string') putString(value);
      else if (typeof value === 'number') {
        tag(TAG_NUMBER);
        if (numberCount === numbers.length) numbers = grow(numbers, Float64Array);
        numbers[numberCount++] = value;
      } else if (value instanceof Uint8Array) putBytes(value, value.length);
      else tag(value === true ? TAG_TRUE : value === false ? TAG_FALSE : TAG_NULL);
    },
    putShared(value) {
      if (value === null) return tag(TAG_NULL);
      let index = sharedIndex.get(value);
      if (index === undefined) {
        if (shared.length >= SHARED_MAX) return putString(value);
        index = shared.push(value) - 1;
        sharedIndex.set(value, index);
      }
      tag(TAG_SHARED);
      const slot = lengthSlot();
      lengths[slot] = index;
    },
    beginText() {
      tag(TAG_STRING);
      openedSlot = lengthSlot();
      openedAt = textLength;
    },
    appendRaw: appendUnits,
    appendJsonString(s) {
      const n = s.length;
      roomForText(n + 2, false);
      const from = textLength;
      let t = text;
      let at = from;
      t[at++] = QUOTE;
      for (let k = 0; k < n; k++) {
        const unit = s.charCodeAt(k);
        // Quotes, backslashes, control characters and surrogates need JSON's escapes: let JSON.stringify write it.
        if (unit < 0x20 || unit === QUOTE || unit === BACKSLASH || (unit >= 0xd800 && unit <= 0xdfff)) {
          textLength = from;
          appendUnits(JSON.stringify(s));
          return;
        }
        if (unit > 0xff && t instanceof Uint8Array) {
          textLength = at;
          roomForText(n - k + 1, true);
          t = text;
        }
        t[at++] = unit;
      }
      t[at++] = QUOTE;
      textLength = at;
    },
    appendInteger(n) {
      if (!Number.isSafeInteger(n) || Object.is(n, -0)) return appendUnits(JSON.stringify(n));
      roomForText(17, false);
      const t = text;
      let v = n;
      if (v < 0) {
        t[textLength++] = 0x2d;
        v = -v;
      }
      textLength += decimalDigits(v);
      writeDecimalDigits(t, textLength, v);
    },
    putBytes,
    endText() {
      lengths[openedSlot] = textLength - openedAt;
      openedAt = openedSlot = -1;
    },
    get rows() {
      return Math.floor(cells / columns);
    },
    finish() {
      if (cells % columns !== 0) throw new Error(`a packed row is incomplete: ${cells % columns} of ${columns} cells`);
      const packed: PackedCallRows = {
        rows: cells / columns,
        columns,
        tags: tags.slice(0, cells),
        numbers: numbers.slice(0, numberCount),
        lengths: lengths.slice(0, stringCount),
        text: text.slice(0, textLength),
        textLength,
        bytes: bytes.slice(0, bytesLength),
        shared,
      };
      cells = numberCount = stringCount = textLength = bytesLength = 0;
      shared = [];
      sharedIndex = new Map();
      return packed;
    },
  };
}

function grow<T extends Uint8Array | Uint32Array | Float64Array>(array: T, Kind: { new (length: number): T }): T {
  const bigger = new Kind(array.length * 2);
  bigger.set(array as never);
  return bigger;
}

/** The buffers to list in postMessage's transfer list (the sender's copies become unusable). */
export function packedCallRowsTransfer(packed: PackedCallRows): ArrayBuffer[] {
  return [packed.tags, packed.numbers, packed.lengths, packed.text, packed.bytes].map((a) => a.buffer as ArrayBuffer);
}

/** The rows as arrays of values, exactly as they were put. */
export function unpackCallRows(packed: PackedCallRows): CallRowValues[] {
  const { rows, columns, tags, numbers, lengths, shared } = packed;
  // One string for all the batch's text; each value is a substring of it.
  const text =
    packed.text instanceof Uint16Array
      ? Buffer.from(packed.text.buffer, packed.text.byteOffset, packed.textLength * 2).toString('utf16le')
      : Buffer.from(packed.text.buffer, packed.text.byteOffset, packed.textLength).toString('latin1');
  const out: CallRowValues[] = new Array<CallRowValues>(rows);
  let cell = 0;
  let n = 0;
  let s = 0;
  let at = 0;
  let b = 0;
  for (let r = 0; r < rows; r++) {
    const row: CallRowValues = new Array<CallRowValue>(columns);
    for (let c = 0; c < columns; c++) {
      switch (tags[cell++]) {
        case TAG_STRING: {
          const end = at + (lengths[s++] as number);
          row[c] = text.substring(at, end);
          at = end;
          break;
        }
        case TAG_SHARED:
          row[c] = shared[lengths[s++] as number] as string;
          break;
        case TAG_NUMBER:
          row[c] = numbers[n++] as number;
          break;
        case TAG_BYTES: {
          // A view, not a copy: the batch's buffer lives as long as its rows.
          const end = b + (lengths[s++] as number);
          row[c] = packed.bytes.subarray(b, end);
          b = end;
          break;
        }
        case TAG_TRUE:
          row[c] = true;
          break;
        case TAG_FALSE:
          row[c] = false;
          break;
        default:
          row[c] = null;
      }
    }
    out[r] = row;
  }
  return out;
}
