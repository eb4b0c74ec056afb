import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { StoredCallSummary } from '../src/events/index.js';
import {
  emptyStoredCallColumns,
  packedStoredCallsTransfer,
  packStoredCalls,
  unpackStoredCalls,
  type StoredCallColumns,
} from './packed-stored-calls.js';

/** A call's summary as the batch's columns hold it: the start in epoch seconds. */
type Fields = Omit<StoredCallSummary, 'startedAt'> & { startedAt: number };

const answeredCall: Fields = {
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
const unknownCall: Fields = {
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
const summaryOf = (c: Fields): StoredCallSummary => ({ ...c, startedAt: new Date(c.startedAt * 1000) });

/** The batch's columns holding `calls`, and the ids the store gave them. */
function batchOf(calls: Fields[]): { columns: StoredCallColumns; ids: number[] } {
  const columns = emptyStoredCallColumns();
  for (const call of calls)
    for (const key of Object.keys(columns) as Array<keyof StoredCallColumns>)
      (columns[key] as unknown[]).push(call[key]);
  return { columns, ids: calls.map((c) => c.id) };
}

describe('packed calls.stored summaries', () => {
  it('cross a message port transferred, and read back as the listeners take them, NULLs and zeros kept apart', () => {
    const zeroCost: Fields = { ...answeredCall, id: 3, costMinor: 0, ownerLineId: 0, currency: 'EUR' };
    const { columns, ids } = batchOf([answeredCall, unknownCall, zeroCost]);
    const packed = packStoredCalls(columns, ids);
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

  it('leaves out the calls the store did not store (id 0)', () => {
    const { columns } = batchOf([answeredCall, unknownCall, answeredCall]);
    const packed = packStoredCalls(columns, [0, 7, 8]);
    expect(packed.count).toBe(2);
    expect(unpackStoredCalls(packed)).toEqual([
      summaryOf({ ...unknownCall, id: 7 }),
      summaryOf({ ...answeredCall, id: 8 }),
    ]);
  });

  it('refuses more distinct texts than a position holds, rather than wrap around', () => {
    const calls = Array.from({ length: 70_000 }, (_, i) => ({ ...unknownCall, id: i + 1, currency: `C${i}` }));
    const { columns, ids } = batchOf(calls);
    expect(() => packStoredCalls(columns, ids)).toThrow(/more than 65,535 distinct texts/);
  });

  it('packs an empty batch', () => {
    expect(unpackStoredCalls(packStoredCalls(emptyStoredCallColumns(), []))).toEqual([]);
  });
});
