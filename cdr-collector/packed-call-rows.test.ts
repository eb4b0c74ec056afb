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

  it('carry bytes cells (a JSONB detail) among the others, each read back as its own bytes', () => {
    const long = new Uint8Array(70_000).map((_, i) => i % 251);
    const rows: CallRowValues[] = [
      ['a', new Uint8Array([0x0b]), 1, null, new Uint8Array(0), 'b'],
      [new Uint8Array([0xcb, 0x02, 0x13, 0x31]), 'c', long, 2.5, true, new Uint8Array([0xff, 0x00])],
    ];
    const back = overTheWire(rows, createPackedCallRowsWriter(6, 1));
    expect(back).toHaveLength(2);
    for (const [i, row] of rows.entries())
      for (const [j, value] of row.entries()) {
        const got = back[i]?.[j];
        if (value instanceof Uint8Array) {
          expect(got).toBeInstanceOf(Uint8Array);
          expect([...(got as Uint8Array)]).toEqual([...value]);
        } else expect(Object.is(got, value)).toBe(true);
      }
  });

  it('refuse to finish a row left incomplete', () => {
    const writer = createPackedCallRowsWriter(3);
    writer.put(1);
    expect(() => writer.finish()).toThrow(/incomplete/);
  });
});

describe('packed call rows, repeated texts', () => {
  it('carry repeated texts once per batch and give them back in every row, nulls and empties included', () => {
    const writer = createPackedCallRowsWriter(2, 1);
    const values = ['GW_MILANO', null, '', 'GW_MILANO', 'Zürich 東京', 'GW_MILANO'];
    for (const v of values) {
      writer.putShared(v);
      writer.put(1);
    }
    const packed = writer.finish();
    expect(packed.shared).toEqual(['GW_MILANO', '', 'Zürich 東京']);
    expect(packed.textLength).toBe(0);
    expect(unpackCallRows(packed).map((row) => row[0])).toEqual(values);
    expect(writer.finish().shared).toEqual([]);
  });

  it('write texts out in full once a batch holds 4,096 distinct repeated ones', () => {
    const writer = createPackedCallRowsWriter(1);
    const values = Array.from({ length: 4_100 }, (_, i) => `partition-${i}`);
    for (const v of values) writer.putShared(v);
    const packed = writer.finish();
    expect(packed.shared).toHaveLength(4_096);
    expect(unpackCallRows(packed).map((row) => row[0])).toEqual(values);
  });
});

describe('packed call rows, a text built in pieces', () => {
  const built = (write: (w: ReturnType<typeof createPackedCallRowsWriter>) => void): string => {
    const writer = createPackedCallRowsWriter(2, 1);
    writer.put('before');
    writer.beginText();
    write(writer);
    writer.endText();
    writer.put('after');
    writer.put(null);
    const rows = unpackCallRows(writer.finish());
    expect(rows[0]?.[0]).toBe('before');
    expect(rows[1]).toEqual(['after', null]);
    return rows[0]?.[1] as string;
  };

  it('writes JSON string literals exactly as JSON.stringify does, odd texts included', () => {
    const odd = [
      '',
      'plain',
      'a"b\\c',
      '\u0000\u001f\t\n',
      '\ud800 lone \udfff',
      'Zürich – 東京 😀',
      'ÿ latin-1',
      'x'.repeat(70_000),
      'x,"y"',
    ];
    for (const s of odd) expect(built((w) => w.appendJsonString(s))).toBe(JSON.stringify(s));
    // A wide character midway through, after latin-1 text of the same cell.
    expect(
      built((w) => {
        w.appendRaw('[');
        for (const s of odd) w.appendJsonString(s);
        w.appendRaw(']');
      }),
    ).toBe(`[${odd.map((s) => JSON.stringify(s)).join('')}]`);
  });

  it('writes integers as JSON does, at their limits', () => {
    const ints = [0, -0, 7, -1, 10, 99, 100, -2147483648, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (const n of [...ints, 2 ** 63, 1e21]) expect(built((w) => w.appendInteger(n))).toBe(JSON.stringify(n));
  });

  it('can be empty', () => {
    expect(built(() => undefined)).toBe('');
  });
});
