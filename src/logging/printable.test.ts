import { describe, expect, it } from 'vitest';
import { printable, printableJson } from './printable.js';

describe('printable', () => {
  it('shows C0 and C1 control characters as \\xNN and keeps tabs and ordinary text', () => {
    expect(printable('\u001b[31mred\u009b2J\u0007\tok é')).toBe('\\x1b[31mred\\x9b2J\\x07\tok é');
    expect(printable('a\r\nb')).toBe('a\\x0d\\x0ab');
    expect(printable('a\r\nb', { keepNewlines: true })).toBe('a\\x0d\nb');
  });

  it('writes JSON a terminal cannot misread and a parser reads back unchanged', () => {
    const value = { reason: 'starts "\u001b[2J\u009b1m"' };
    const json = printableJson(value);
    expect(json).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
