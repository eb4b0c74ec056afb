import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors/index.js';
import { parseMoney } from './money.js';

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
  ])('refuses %j in %s as a client error', (text, currency, message) => {
    expect(() => parseMoney(text, currency)).toThrow(message);
    expect(() => parseMoney(text, currency)).toThrow(BadInputError);
  });
});
