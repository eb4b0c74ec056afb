import { describe, expect, it } from 'vitest';
import { copyTextRows, copyTextValue } from './postgres-copy-text.js';

describe('COPY text encoding', () => {
  it('writes NULL as \\N and an empty string as nothing, so the two stay apart', () => {
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue(undefined)).toBe('\\N');
    expect(copyTextValue('')).toBe('');
  });

  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(copyTextValue('a\\b')).toBe('a\\\\b');
    expect(copyTextValue('\\N')).toBe('\\\\N');
    expect(copyTextValue('\\.')).toBe('\\\\.');
    expect(copyTextValue('tab\there')).toBe('tab\\there');
    expect(copyTextValue('two\nlines\r\n')).toBe('two\\nlines\\r\\n');
    expect(copyTextValue('ünïcödé € 📞 مرحبا "quoted", \f\v\b\x1b')).toBe('ünïcödé € 📞 مرحبا "quoted", \f\v\b\x1b');
  });

  it('writes booleans as t and f and numbers as JavaScript prints them', () => {
    expect([true, false, 0, -12, 2 ** 40, 4.35].map(copyTextValue)).toEqual([
      't',
      'f',
      '0',
      '-12',
      '1099511627776',
      '4.35',
    ]);
  });

  it('refuses a value it has no form for rather than storing its description', () => {
    expect(() => copyTextValue({ a: 1 })).toThrow(TypeError);
  });

  it('ends every row with a newline and separates values by tabs', () => {
    expect(
      copyTextRows([
        ['a', null, 1],
        ['', true, 'x\ty'],
      ]),
    ).toBe('a\t\\N\t1\n\tt\tx\\ty\n');
    expect(copyTextRows([])).toBe('');
  });
});
