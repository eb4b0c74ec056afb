import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detach, MemoSlotBudget, NumberMemo } from './number-memo.js';

/** Fills `memo` with `count` numbers; answers how many of them it still holds. */
function fill(memo: NumberMemo<number>, count: number, from = 0): number {
  for (let i = from; i < from + count; i++) memo.set(`+39${1_000_000 + i}`, i);
  let kept = 0;
  for (let i = from; i < from + count; i++) if (memo.get(`+39${1_000_000 + i}`) === i) kept++;
  return kept;
}

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

describe('MemoSlotBudget', () => {
  it('lets the memos sharing it grow only while it has room, the first come first', () => {
    const budget = new MemoSlotBudget(8192);
    const first = new NumberMemo<number>(8192, budget);
    expect(budget.remaining).toBe(8192 - 1024);
    // 1,500 numbers: 1,024 slots, then 2,048 and 4,096 as it passes half full.
    expect(fill(first, 1500)).toBeGreaterThan(1500 * 0.98);
    expect(budget.remaining).toBe(8192 - 4096);
    const second = new NumberMemo<number>(8192, budget);
    expect(fill(second, 1500, 10_000)).toBeGreaterThan(1500 * 0.98);
    expect(budget.remaining).toBe(0);
    // Past half full, the first would double to 8,192 slots: no room, so it keeps 4,096 and replaces entries.
    expect(fill(first, 3000, 30_000)).toBeLessThan(3000);
    expect(first.size).toBeLessThanOrEqual(4096);
    expect(budget.remaining).toBe(0);
    // No room left: a third memo starts at the fewest slots and never grows, holding at most 16 numbers.
    const third = new NumberMemo<number>(8192, budget);
    expect(fill(third, 3000, 20_000)).toBeLessThanOrEqual(16);
    expect(third.size).toBeLessThanOrEqual(16);
    expect(budget.remaining).toBe(-16);
    // The first two still answer what they hold.
    expect(first.get('+391032999')).toBe(32_999);
    expect(second.get('+391010001')).toBe(10_001);
  });

  it('gets its slots back once a memo that took them is collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const budget = new MemoSlotBudget(4096);
    (() => {
      const memo = new NumberMemo<number>(4096, budget);
      fill(memo, 1500);
    })();
    expect(budget.remaining).toBe(0);
    // Finalisers run after a collection, on a later turn of the event loop.
    for (let turn = 0; turn < 50 && budget.remaining < 4096; turn++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(budget.remaining).toBe(4096);
  });
});

describe('detach', () => {
  it('gives an equal string', () => {
    const line = `x,${'9'.repeat(50)},0044207123456789,y`;
    for (const s of ['', '12', line.slice(53, 69), line]) expect(detach(s)).toBe(s);
  });
});
