import { describe, expect, it } from 'vitest';
import { formatMoney, minorToDecimal, parseMoney } from './money.js';

describe('money in minor units', () => {
  it.each([
    ['50', 'EUR', 5000],
    ['49.9', 'EUR', 4990],
    ['0.01', 'EUR', 1],
    ['1,234.50', 'EUR', 123450],
    ['-10.00', 'EUR', -1000],
    ['1500', 'JPY', 1500],
    ['1.234', 'BHD', 1234],
    ['0.1', 'EUR', 10],
  ])('parses %s %s as %i, exactly', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it.each([
    ['1.234', 'EUR', /more than 2 decimal places/],
    ['1.5', 'JPY', /more than 0 decimal places/],
    ['12,34', 'EUR', /not an amount/],
    ['ten', 'EUR', /not an amount/],
    ['', 'EUR', /not an amount/],
  ])('refuses %j in %s', (text, currency, message) => {
    expect(() => parseMoney(text, currency)).toThrow(message);
  });

  it('writes minor units back as a plain decimal', () => {
    expect([
      minorToDecimal(5, 'EUR'),
      minorToDecimal(-1234, 'EUR'),
      minorToDecimal(1500, 'JPY'),
      minorToDecimal(1, 'BHD'),
    ]).toEqual(['0.05', '-12.34', '1500', '0.001']);
  });

  it('formats for the reader’s language without floating-point drift', () => {
    expect(formatMoney(123456789012345, 'EUR', 'en')).toBe('€1,234,567,890,123.45');
    expect(formatMoney(150, 'EUR', 'it').replace(/\s/g, ' ')).toBe('1,50 €');
    expect(formatMoney(150, 'EUR', 'de').replace(/\s/g, ' ')).toBe('1,50 €');
  });
});
