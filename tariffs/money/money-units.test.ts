import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  currencyMinorDigits,
  decimalToMinor,
  formatFine,
  isCurrency,
  minorToDecimal,
} from './money-units.js';

describe('the currency digits table', () => {
  it.each([
    ['JPY', 0],
    ['EUR', 2],
    ['USD', 2],
    ['BHD', 3],
    ['KWD', 3],
  ])('gives %s %i decimals', (currency, digits) => {
    expect(currencyMinorDigits(currency)).toBe(digits);
    expect(currencyDigits(currency)).toBe(digits);
  });

  it('knows no currency outside ISO 4217, and shows 2 decimals for one it does not know', () => {
    expect([isCurrency('EUR'), isCurrency('eur'), isCurrency('EURO'), isCurrency('QQQ')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(currencyMinorDigits('QQQ')).toBeUndefined();
    expect([currencyDigits('QQQ'), currencyDigits(null), currencyDigits(undefined)]).toEqual([2, 2, 2]);
  });
});

describe('minor units as decimal text', () => {
  it.each([
    [1500, 'JPY', '1500'],
    [-1500, 'JPY', '-1500'],
    [0, 'JPY', '0'],
    [5, 'EUR', '0.05'],
    [-5, 'EUR', '-0.05'],
    [-1234, 'EUR', '-12.34'],
    [0, 'EUR', '0.00'],
    [1, 'BHD', '0.001'],
    [-1, 'BHD', '-0.001'],
    [123456, 'BHD', '123.456'],
    [1234, null, '12.34'],
    [123456789012345, 'EUR', '1234567890123.45'],
  ])('writes %i %s as %s, exactly', (minor, currency, text) => {
    expect(minorToDecimal(minor, currency)).toBe(text);
  });

  it('writes fine units (1/10000 of a minor unit) with all their decimals', () => {
    expect(formatFine(123450, 'EUR')).toBe('0.123450');
    expect(formatFine(-5, 'JPY')).toBe('-0.0005');
  });
});

describe('decimal text as minor units', () => {
  it.each([
    ['50', 'EUR', 5000],
    ['49.9', 'EUR', 4990],
    ['0.01', 'EUR', 1],
    ['1,234.50', 'EUR', 123450],
    ['-10.00', 'EUR', -1000],
    ['-0.5', 'EUR', -50],
    ['1500', 'JPY', 1500],
    ['-1500', 'JPY', -1500],
    ['1.234', 'BHD', 1234],
    ['-0.001', 'BHD', -1],
  ])('reads %s %s as %i, exactly', (text, currency, minor) => {
    expect(decimalToMinor(text, currency)).toBe(minor);
  });

  it.each([
    ['1.234', 'EUR', /more than 2 decimal places for EUR/],
    ['1.5', 'JPY', /more than 0 decimal places for JPY/],
    ['1.2345', 'BHD', /more than 3 decimal places for BHD/],
    ['12,34', 'EUR', /not an amount/],
    ['ten', 'EUR', /not an amount/],
    ['', 'EUR', /not an amount/],
    ['99999999999999999999', 'EUR', /too large/],
  ])('refuses %j in %s', (text, currency, message) => {
    const result = decimalToMinor(text, currency);
    expect(typeof result === 'number' ? String(result) : result.error).toMatch(message);
  });

  it('reads back what it writes, for 0, 2 and 3 decimals and negative amounts', () => {
    for (const currency of ['JPY', 'EUR', 'BHD'])
      for (const minor of [0, 1, -1, 7, -99, 1000, -123456, 987654321])
        expect(decimalToMinor(minorToDecimal(minor, currency), currency)).toBe(minor);
  });
});
