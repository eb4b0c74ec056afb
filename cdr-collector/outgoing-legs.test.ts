import { describe, expect, it } from 'vitest';
import { createOutgoingLegMemory, type LegKey, type OutgoingLeg } from './outgoing-legs.js';

const key = (legId: number, clusterId = 'c1'): LegKey => ({
  clusterId,
  globalCallManagerId: 1,
  globalCallId: 7,
  legId,
});
const leg = (dialledNumber: string): OutgoingLeg => ({
  dialledNumber,
  numberForm: 'dialled',
  ownerExtension: '2001',
  ownerPartition: 'PT',
});

describe('outgoing leg memory', () => {
  it('forgets the leg remembered longest ago once it holds more than its capacity', () => {
    const memory = createOutgoingLegMemory(3);
    for (const id of [1, 2, 3, 4]) memory.remember(key(id), leg(`0${id}`));
    expect(memory.knows(key(1))).toBe(false);
    expect([2, 3, 4].map((id) => memory.recall(key(id))?.dialledNumber)).toEqual(['02', '03', '04']);
  });

  it('counts a leg remembered again as new, so the next eviction takes the one after it', () => {
    const memory = createOutgoingLegMemory(3);
    for (const id of [1, 2, 3]) memory.remember(key(id), leg(`0${id}`));
    memory.remember(key(1), leg('011'));
    memory.remember(key(4), leg('04'));
    memory.remember(key(5), leg('05'));
    expect(memory.recall(key(1))?.dialledNumber).toBe('011');
    expect(memory.knows(key(2))).toBe(false);
    expect(memory.knows(key(3))).toBe(false);
    expect(memory.knows(key(5))).toBe(true);
  });

  it('keeps a negative answer, and answers only for the same cluster and call', () => {
    const memory = createOutgoingLegMemory(2);
    memory.forget(key(9));
    expect(memory.knows(key(9))).toBe(true);
    expect(memory.recall(key(9))).toBeUndefined();
    memory.remember(key(8), leg('08'));
    expect(memory.knows(key(8, 'other'))).toBe(false);
  });

  it('stays within its capacity over many puts of old and new legs', () => {
    const memory = createOutgoingLegMemory(100);
    for (let i = 0; i < 100_000; i++) memory.remember(key(i % 7 === 0 ? i % 50 : i), leg(String(i)));
    const known = Array.from({ length: 100_000 }, (_, i) => i).filter((id) => memory.knows(key(id)));
    expect(known.length).toBeLessThanOrEqual(100);
    expect(memory.knows(key(99_999))).toBe(true);
  });
});
