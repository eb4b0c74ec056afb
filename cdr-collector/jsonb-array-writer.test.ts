import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createJsonbArrayWriter, type JsonbArrayWriter } from './jsonb-array-writer.js';

type Scalar = string | number | boolean | null;

/** better-sqlite3 (no types here): an in-memory database that says what SQLite makes of a JSON text. */
interface Pluck<T> {
  get(value: unknown): T;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => {
  prepare(sql: string): { pluck(): Pluck<unknown> };
  close(): void;
};
const db = new Database(':memory:');
afterAll(() => db.close());
const sqliteJsonb = db.prepare('SELECT jsonb(?)').pluck() as Pluck<Buffer>;
const sqliteJson = db.prepare('SELECT json(?)').pluck() as Pluck<string>;

/** The writer's bytes for `values`. */
function written(writer: JsonbArrayWriter, values: readonly Scalar[]): Buffer {
  writer.begin();
  for (const v of values) writer.value(v);
  const length = writer.end();
  return Buffer.from(writer.bytes.subarray(0, length));
}

describe('createJsonbArrayWriter', () => {
  it('writes the bytes SQLite makes of the same JSON text', () => {
    const writer = createJsonbArrayWriter();
    const cases: Scalar[][] = [
      [],
      [null],
      [1, -1, 0, 42, -9007199254740991, 9007199254740991],
      ['', 'SEP001122334455', 'PT_INTERNAL', '10.1.2.3'],
      ['caf\u00e9', '\u65e5\u672c', '\ud83d\udcde phone', 'a"b', 'back\\slash', 'line\nfeed', '\u0001\u001f', '\ud800'],
      [true, false, 1.5, -0.25, 1e21, Number.NaN, Number.POSITIVE_INFINITY, -0],
      ['x'.repeat(11), 'x'.repeat(12), 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(70_000)],
      Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? i * 1000 : `field ${i}`)),
    ];
    for (const values of cases)
      expect(written(writer, values).toString('hex')).toBe(sqliteJsonb.get(JSON.stringify(values)).toString('hex'));
  });

  it('agrees with SQLite for any array of scalars, and reads back as the same JSON', () => {
    const writer = createJsonbArrayWriter();
    const scalar = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.maxSafeInteger(),
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: false }),
      fc.string({ maxLength: 40, unit: 'binary' }),
      fc.string({ maxLength: 300 }),
    );
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 50 }), (values) => {
        const bytes = written(writer, values);
        const json = JSON.stringify(values);
        expect(bytes.toString('hex')).toBe(sqliteJsonb.get(json).toString('hex'));
        expect(JSON.parse(sqliteJson.get(bytes))).toEqual(JSON.parse(json));
      }),
      { numRuns: 2000 },
    );
  });
});
