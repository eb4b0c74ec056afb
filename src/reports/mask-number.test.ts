import { describe, expect, it } from 'vitest';
import { maskNumber } from './mask-number.js';

describe('maskNumber', () => {
  it('replaces the configured count of trailing digits, keeping other characters', () => {
    expect(maskNumber('006599775544', 3)).toBe('006599775***');
    expect(maskNumber('+39 06 1234', 4)).toBe('+39 06 ****');
    expect(maskNumber('*31#0612', 2)).toBe('*31#06**');
  });

  it('masks every digit of a number shorter than the count, and nothing when the count is 0', () => {
    expect(maskNumber('12', 5)).toBe('**');
    expect(maskNumber('0612345', 0)).toBe('0612345');
  });
});
