import type { CallRowValue, CallRowValues } from './call-row.js';

/**
 * A batch of call rows packed into a few typed arrays, so it crosses to the
 * store thread as transferred buffers (`postMessage(msg, transferList)`)
 * instead of a structured clone of thousands of small arrays: per cell a tag,
 * the numbers in cell order, each string's length and all strings' UTF-16
 * code units in one buffer (one byte per unit while every unit is below 256).
 */
export interface PackedCallRows {
  rows: number;
  columns: number;
  /** Per cell, row by row: TAG_*. */
  tags: Uint8Array;
  /** The numbers of NUMBER cells, in cell order. */
  numbers: Float64Array;
  /** The length (UTF-16 code units) of each STRING cell, in cell order. */
  lengths: Uint32Array;
  /** Every string's code units back to back: latin-1 bytes, or UTF-16 once a unit above 255 was written. */
  text: Uint8Array | Uint16Array;
  textLength: number;
}

const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_NUMBER = 3;
const TAG_STRING = 4;

/** Writes rows cell by cell, in column order; `finish` hands the packed batch over and starts an empty one. */
export interface PackedCallRowsWriter {
  put(value: CallRowValue): void;
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

  const roomForText = (more: number, wide: boolean): void => {
    const need = textLength + more;
    const widen = wide && text instanceof Uint8Array;
    if (need <= text.length && !widen) return;
    const size = Math.max(need, text.length * 2);
    const bigger = widen || text instanceof Uint16Array ? new Uint16Array(size) : new Uint8Array(size);
    bigger.set(text.subarray(0, textLength));
    text = bigger;
  };

  const putString = (s: string): void => {
    const n = s.length;
    if (stringCount === lengths.length) lengths = grow(lengths, Uint32Array);
    lengths[stringCount++] = n;
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

  return {
    put(value) {
      if (cells === tags.length) tags = grow(tags, Uint8Array);
      if (typeof value === 'string') {
        tags[cells++] = TAG_STRING;
        putString(value);
      } else if (typeof value === 'number') {
        tags[cells++] = TAG_NUMBER;
        if (numberCount === numbers.length) numbers = grow(numbers, Float64Array);
        numbers[numberCount++] = value;
      } else if (value === true) tags[cells++] = TAG_TRUE;
      else if (value === false) tags[cells++] = TAG_FALSE;
      else tags[cells++] = TAG_NULL;
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
      };
      cells = numberCount = stringCount = textLength = 0;
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
  return [packed.tags, packed.numbers, packed.lengths, packed.text].map((a) => a.buffer as ArrayBuffer);
}

/** The rows as arrays of values, exactly as they were put. */
export function unpackCallRows(packed: PackedCallRows): CallRowValues[] {
  const { rows, columns, tags, numbers, lengths } = packed;
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
        case TAG_NUMBER:
          row[c] = numbers[n++] as number;
          break;
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
