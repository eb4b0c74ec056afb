import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { StoredCallSummary } from '../src/events/index.js';
import {
  createStoredCallsPacker,
  packedStoredCallsTransfer,
  unpackStoredCalls,
  type StoredCallFields,
} from './packed-stored-calls.js';

const answeredCall: StoredCallFields = {
  id: 9_007_199_254_740_000,
  startedAt: 1795428000,
  direction: 'outgoing',
  answered: true,
  ownerLineId: 3,
  ownerUserId: 4,
  departmentId: 5,
  costCentreId: 6,
  destinationType: 'fixed-national',
  costMinor: 12.5,
  currency: 'EUR',
};
const unknownCall: StoredCallFields = {
  id: 2,
  startedAt: 1795428061,
  direction: 'unknown',
  answered: false,
  ownerLineId: null,
  ownerUserId: null,
  departmentId: null,
  costCentreId: null,
  destinationType: null,
  costMinor: null,
  currency: null,
};
const summaryOf = (c: StoredCallFields): StoredCallSummary => ({ ...c, startedAt: new Date(c.startedAt * 1000) });

describe('packed calls.stored summaries', () => {
  it('cross a message port transferred, and read back as the listeners take them, NULLs and zeros kept apart', () => {
    const zeroCost: StoredCallFields = { ...answeredCall, id: 3, costMinor: 0, ownerLineId: 0, currency: 'EUR' };
    const packer = createStoredCallsPacker(3);
    for (const c of [answeredCall, unknownCall, zeroCost]) packer.put(c);
    const packed = packer.done();
    // The same text is kept once however many calls name it.
    expect(packed.texts).toEqual([null, 'outgoing', 'fixed-national', 'EUR', 'unknown']);

    const { port1, port2 } = new MessageChannel();
    port1.postMessage(packed, packedStoredCallsTransfer(packed));
    // Transferred: the sender's buffers are detached, nothing was copied.
    expect(packed.numbers.byteLength).toBe(0);
    const received = receiveMessageOnPort(port2)?.message as typeof packed;
    port1.close();
    expect(unpackStoredCalls(received)).toEqual([answeredCall, unknownCall, zeroCost].map(summaryOf));
  });

  it('refuses a count that is not the one announced', () => {
    const short = createStoredCallsPacker(2);
    short.put(answeredCall);
    expect(() => short.done()).toThrow(/1 stored calls packed, 2 announced/);
    const full = createStoredCallsPacker(1);
    full.put(answeredCall);
    expect(() => full.put(unknownCall)).toThrow(/more than the 1/);
  });

  it('refuses more distinct texts than a position holds, rather than wrap around', () => {
    const packer = createStoredCallsPacker(70_000);
    expect(() => {
      for (let i = 0; i < 70_000; i++) packer.put({ ...unknownCall, id: i + 1, currency: `C${i}` });
    }).toThrow(/more than 65,535 distinct texts/);
  });

  it('packs an empty batch', () => {
    expect(unpackStoredCalls(createStoredCallsPacker(0).done())).toEqual([]);
  });
});
