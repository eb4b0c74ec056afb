import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { bigintArrayLiteral, textArrayLiteral } from './postgres-array-literal.js';

/** Texts an array literal must carry unchanged: its own syntax, COPY's, and what looks like a NULL. */
const texts = [
  'NULL',
  'null',
  '',
  ' ',
  ' leading and trailing spaces ',
  'a,b',
  '{braces}',
  '"quoted"',
  'back\\slash',
  'ends with a backslash\\',
  '\\"',
  'tab\there',
  'two\nlines\r\n',
  "'apostrophes'",
  'ünïcödé € ß 日本語 مرحبا',
  '📞☎️ 👩‍💻',
];

describe('array literals', () => {
  it('refuses what the array type cannot hold rather than sending its description', () => {
    expect(() => bigintArrayLiteral([1, '2'])).toThrow(TypeError);
    expect(() => bigintArrayLiteral([NaN])).toThrow(TypeError);
    expect(() => bigintArrayLiteral([true])).toThrow(TypeError);
    expect(() => textArrayLiteral([1])).toThrow(TypeError);
  });

  it('writes NULL for null and undefined, and an empty array as {}', () => {
    expect(bigintArrayLiteral([null, undefined, 3])).toBe('{NULL,NULL,3}');
    expect(textArrayLiteral([null, 'x'])).toBe('{NULL,"x"}');
    expect(textArrayLiteral([])).toBe('{}');
  });
});

describe.skipIf(!databaseKindsUnderTest().includes('postgres'))('array literals read by PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('postgres', { migrations: [] });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const read = async (literal: string, type: 'bigint' | 'text'): Promise<unknown[]> => {
    const [row] = (await db.dataSource.query(`SELECT $1::${type}[] AS a`, [literal])) as Array<{ a: unknown[] }>;
    return row?.a ?? [];
  };

  it('gives back every text as it was, NULL apart from the text NULL', async () => {
    const values = [...texts, null, ...texts.reverse()];
    expect(await read(textArrayLiteral(values), 'text')).toEqual(values);
  });

  it('gives back every integer as it was, the largest safe ones included', async () => {
    const values = [0, -0, 1, -12, 2 ** 40, 2 ** 53 - 1, -(2 ** 53 - 1), null];
    // pg reads bigint as text; -0 is 0.
    expect(await read(bigintArrayLiteral(values), 'bigint')).toEqual(
      values.map((v) => (v === null ? null : String(v === 0 ? 0 : v))),
    );
  });
});
