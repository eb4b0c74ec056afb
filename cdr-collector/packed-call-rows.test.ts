import { describe, expect, it } from 'vitest';
import type { CallRowValues } from './call-row.js';
import { createPackedCallRowsWriter, packedCallRowsTransfer, unpackCallRows } from './packed-call-rows.js';

const odd: CallRowValues[] = [
  ['', null, 0, -0, true, false],
  ['Zürich – 東京 😀', 'a"b\\c\nd', Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, null, ''],
  ['x'.repeat(100_000), '\u0000\ud800 lone \udfff', Number.MAX_VALUE, Number.MIN_VALUE, -1.5, 'ÿ latin-1 only'],
  [Infinity, -Infinity, NaN, 2 ** 63, '0', 'null'],
];

/** What the store thread receives: the message cloned with its buffers transferred. */
function overTheWire(rows: CallRowValues[], writer = createPackedCallRowsWriter(6, 1)): CallRowValues[] {
  for (const row of rows) for (const value of row) writer.put(value);
  const packed = writer.finish();
  const transfer = packedCallRowsTransfer(packed);
  const received = structuredClone({ packed }, { transfer }).packed;
  expect(packed.tags.byteLength).toBe(0); // transferred, not copied
  return unpackCallRows(received);
}

describe('packed call rows', () => {
  it('carry empty, null, boolean, unicode, very long strings and numbers at their limits unchanged', () => {
    const back = overTheWire(odd);
    expect(back).toHaveLength(odd.length);
    for (const [i, row] of odd.entries()) {
      expect(back[i]).toHaveLength(row.length);
      for (const [j, value] of row.entries()) expect(Object.is(back[i]?.[j], value)).toBe(true);
    }
  });

  it('keep an empty string apart from null', () => {
    const [row] = overTheWire([['', null, '', null, '', null]]);
    expect(row).toEqual(['', null, '', null, '', null]);
  });

  it('keep latin-1 text in one byte per character until a wider one comes', () => {
    const writer = createPackedCallRowsWriter(1);
    writer.put('café');
    expect(writer.finish().text).toBeInstanceOf(Uint8Array);
    writer.put('café');
    writer.put('€');
    const packed = writer.finish();
    expect(packed.text).toBeInstanceOf(Uint16Array);
    expect(unpackCallRows(packed)).toEqual([['café'], ['€']]);
  });

  it('start each batch empty after finish, reusing the writer', () => {
    const writer = createPackedCallRowsWriter(6, 1);
    expect(overTheWire(odd, writer)).toHaveLength(4);
    expect(overTheWire([odd[0] as CallRowValues], writer)).toEqual([['', null, 0, -0, true, false]]);
    expect(writer.finish().rows).toBe(0);
  });

  it('refuse to finish a row left incomplete', () => {
    const writer = createPackedCallRowsWriter(3);
    writer.put(1);
    expect(() => writer.finish()).toThrow(/incomplete/);
  });
});
