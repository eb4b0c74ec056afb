import { describe, expect, it } from 'vitest';
import { negotiateCharset } from './phone-charset.js';

describe('negotiateCharset', () => {
  it('answers UTF-8 when the phone sends no Accept-Charset', () => {
    expect(negotiateCharset(undefined)).toBe('UTF-8');
  });
  it('answers ISO-8859-1 to a CP-7921G that accepts only iso-8859-1', () => {
    expect(negotiateCharset('iso-8859-1')).toBe('ISO-8859-1');
  });
  it('answers UTF-8 to a CP-7942G that accepts utf-8 with a lower weight', () => {
    expect(negotiateCharset('iso-8859-1,utf-8;q=0.8')).toBe('UTF-8');
  });
  it('answers UTF-8 to newer firmware that prefers it', () => {
    expect(negotiateCharset('utf-8,iso-8859-1;q=0.8')).toBe('UTF-8');
  });
  it('answers ISO-8859-1 when UTF-8 is refused with q=0', () => {
    expect(negotiateCharset('ISO-8859-1, UTF-8;q=0')).toBe('ISO-8859-1');
  });
  it('answers UTF-8 to a wildcard', () => {
    expect(negotiateCharset('*')).toBe('UTF-8');
  });
});
