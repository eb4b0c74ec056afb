import { describe, expect, it } from 'vitest';
import { createCopyTextWriter } from './postgres-copy-text.js';

const writer = createCopyTextWriter();
/** One row's COPY text, as a string. */
const line = (...values: unknown[]): string => writer.rows([values]).toString('utf8');

describe('COPY text encoding', () => {
  it('writes NULL as \\N and an empty string as nothing, so the two stay apart', () => {
    expect(line(null, undefined, '')).toBe('\\N\t\\N\t\n');
  });

  it.each([
    ['a\\b', 'a\\\\b'],
    ['\\N', '\\\\N'],
    ['\\.', '\\\\.'],
    ['tab\there', 'tab\\there'],
    ['two\nlines\r\n', 'two\\nlines\\r\\n'],
    ['ünïcödé € 📞 مرحبا "quoted", \f\v\b\x1b', 'ünïcödé € 📞 مرحبا "quoted", \f\v\b\x1b'],
  ])('escapes backslash, tab, newline and carriage return, and nothing else: %j', (text, written) => {
    expect(line(text)).toBe(`${written}\n`);
  });

  it('writes texts as UTF-8, a lone surrogate as U+FFFD as Buffer.from does', () => {
    const texts = ['日本語', '📞☎️ 👩‍💻', 'lone \ud800 high', 'lone \udc00 low', '\ud83d', 'ÿ\u0100'];
    expect(writer.rows([texts])).toEqual(Buffer.from(`${texts.join('\t')}\n`, 'utf8'));
  });

  it('writes booleans as t and f and numbers as JavaScript prints them', () => {
    const numbers = [
      0,
      -0,
      7,
      -12,
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31),
      2 ** 40,
      -(2 ** 53 - 1),
      2 ** 53 - 1,
      2 ** 53,
      4.35,
      -0.5,
      1e21,
      NaN,
      Infinity,
    ];
    expect(line(true, false, ...numbers, 12n)).toBe(['t', 'f', ...numbers.map(String), '12'].join('\t') + '\n');
  });

  it('refuses a value it has no form for rather than storing its description', () => {
    expect(() => line({ a: 1 })).toThrow(TypeError);
  });

  it('ends every row with a newline and separates values by tabs, each line starting with its id if given', () => {
    const rows = [
      ['a', null, 1],
      ['', true, 'x\ty'],
    ];
    expect(writer.rows(rows).toString()).toBe('a\t\\N\t1\n\tt\tx\\ty\n');
    expect(writer.rows(rows, [41, 1_000_000]).toString()).toBe('41\ta\t\\N\t1\n1000000\t\tt\tx\\ty\n');
    expect(writer.rows([]).length).toBe(0);
  });

  it('grows past its first buffer, and each piece keeps its bytes when the next is written', () => {
    const long = 'é'.repeat(100_000);
    const first = writer.rows([[long, 1]]);
    const second = writer.rows([['short']]);
    expect(first.toString()).toBe(`${long}\t1\n`);
    expect(second.toString()).toBe('short\n');
    const many = Array.from({ length: 5000 }, (_, i) => [i, `call ${i}`, i % 2 === 0]);
    expect(writer.rows(many).toString()).toBe(many.map((r) => `${r[0]}\tcall ${r[0]}\t${r[2] ? 't' : 'f'}\n`).join(''));
  });
});
