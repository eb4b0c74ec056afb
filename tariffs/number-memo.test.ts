import { describe, expect, it } from 'vitest';
import { detach, NumberMemo } from './number-memo.js';

describe('NumberMemo', () => {
  it('answers what was remembered and nothing else', () => {
    const memo = new NumberMemo<number>(1024);
    memo.set('0212345678', 1);
    memo.set('3351234567', 2);
    expect(memo.get('0212345678')).toBe(1);
    expect(memo.get('3351234567')).toBe(2);
    expect(memo.get('021234567')).toBeUndefined();
    expect(memo.get('')).toBeUndefined();
    expect(memo.size).toBe(2);
  });

  it('keeps every entry while it grows up to its slots', () => {
    const memo = new NumberMemo<number>(8192);
    for (let i = 0; i < 4096; i++) memo.set(`+39${1_000_000 + i}`, i);
    let kept = 0;
    for (let i = 0; i < 4096; i++) if (memo.get(`+39${1_000_000 + i}`) === i) kept++;
    // Half full at most before each growth: a set of eight overflows only by chance, and rarely.
    expect(kept).toBeGreaterThan(4096 * 0.98);
    expect(memo.size).toBeLessThanOrEqual(8192);
  });

  it('never holds more entries than its slots, however many numbers come', () => {
    const memo = new NumberMemo<number>(64);
    for (let i = 0; i < 10_000; i++) memo.set(String(i), i);
    expect(memo.size).toBeLessThanOrEqual(64);
    // The latest ones are there: a full set replaces its oldest entry first.
    expect(memo.get('9999')).toBe(9999);
  });

  it('refuses a slot count that is not a power of two', () => {
    expect(() => new NumberMemo(1000)).toThrow(RangeError);
    expect(() => new NumberMemo(8)).toThrow(RangeError);
  });
});

describe('detach', () => {
  it('gives an equal string', () => {
    const line = `x,${'9'.repeat(50)},0044207123456789,y`;
    for (const s of ['', '12', line.slice(53, 69), line]) expect(detach(s)).toBe(s);
  });
});
