import type { NumberForm } from '../tariffs/index.js';

/**
 * A PSTN leg Tollgate saw being called out: when a transfer or conference later
 * hands that leg to someone else, CUCM writes a CDR whose *originating* side is
 * the gateway leg, which would read as an incoming call. Remembering the legs
 * we dialled out keeps such continuations outgoing, rated, and owned by the
 * line that placed the call.
 */
export interface OutgoingLeg {
  dialledNumber: string;
  /** The form of dialledNumber (its call was rated in it). */
  numberForm: NumberForm;
  ownerExtension: string;
  ownerPartition: string;
}

export interface LegKey {
  clusterId: string;
  globalCallManagerId: number;
  globalCallId: number;
  legId: number;
}

export function legKey(k: LegKey): string {
  return `${k.clusterId}\u0000${k.globalCallManagerId}\u0000${k.globalCallId}\u0000${k.legId}`;
}

/** Recently dialled-out PSTN legs, oldest forgotten first (the store answers for older ones). */
export interface OutgoingLegMemory {
  remember(key: LegKey, leg: OutgoingLeg): void;
  recall(key: LegKey): OutgoingLeg | undefined;
  /** Whether the memory has an answer, positive or negative, for this key. */
  knows(key: LegKey): boolean;
  /** Records that the store has no such leg, so it is not asked again. */
  forget(key: LegKey): void;
}

export function createOutgoingLegMemory(capacity = 10_000): OutgoingLegMemory {
  // A ring of the last `capacity` puts, oldest overwritten first, each slot's fields in arrays of their own, and a
  // map from leg id (a number: no key string per call) to the slot that holds it; the rest of the key is checked on
  // recall. Nothing per leg lives as an object: a remembered leg outlives many young-generation collections, and
  // objects that survive them are copied, promoted and then die in the old generation, the collector's dearest case.
  const slots = new Map<number, number>();
  const legIds = new Float64Array(capacity);
  const callIds = new Float64Array(capacity);
  const managerIds = new Float64Array(capacity);
  const clusterIds = new Array<string>(capacity).fill('');
  /** 1 where the slot holds a leg, 0 where it holds the store's "no such leg". */
  const present = new Uint8Array(capacity);
  const dialled = new Array<string>(capacity).fill('');
  const forms = new Array<NumberForm>(capacity).fill('dialled');
  const extensions = new Array<string>(capacity).fill('');
  const partitions = new Array<string>(capacity).fill('');
  let puts = 0;
  const put = (key: LegKey, leg: OutgoingLeg | null) => {
    const slot = puts++ % capacity;
    if (puts > capacity && slots.get(legIds[slot]!) === slot) slots.delete(legIds[slot]!);
    legIds[slot] = key.legId;
    callIds[slot] = key.globalCallId;
    managerIds[slot] = key.globalCallManagerId;
    clusterIds[slot] = key.clusterId;
    present[slot] = leg ? 1 : 0;
    dialled[slot] = leg?.dialledNumber ?? '';
    forms[slot] = leg?.numberForm ?? 'dialled';
    extensions[slot] = leg?.ownerExtension ?? '';
    partitions[slot] = leg?.ownerPartition ?? '';
    slots.set(key.legId, slot);
  };
  /** The slot holding this key, or -1. */
  const slotOf = (key: LegKey): number => {
    const slot = slots.get(key.legId);
    return slot !== undefined &&
      callIds[slot] === key.globalCallId &&
      managerIds[slot] === key.globalCallManagerId &&
      clusterIds[slot] === key.clusterId
      ? slot
      : -1;
  };
  return {
    remember: put,
    recall(key) {
      const slot = slotOf(key);
      if (slot < 0 || present[slot] === 0) return undefined;
      return {
        dialledNumber: dialled[slot]!,
        numberForm: forms[slot]!,
        ownerExtension: extensions[slot]!,
        ownerPartition: partitions[slot]!,
      };
    },
    knows: (key) => slotOf(key) >= 0,
    forget: (key) => put(key, null),
  };
}
