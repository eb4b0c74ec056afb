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
  // Keyed by leg id (a number: no key string per call); the rest of the key is checked on recall.
  const legs = new Map<number, { key: LegKey; leg: OutgoingLeg | null; slot: number }>();
  // A ring of the last `capacity` puts, oldest overwritten first: evicting is one slot's check,
  // where the map's own oldest key is found by walking the deleted entries it keeps until it rehashes.
  const ring = new Float64Array(capacity);
  let puts = 0;
  const put = (key: LegKey, leg: OutgoingLeg | null) => {
    const slot = puts++ % capacity;
    if (puts > capacity) {
      const oldest = ring[slot]!;
      if (legs.get(oldest)?.slot === slot) legs.delete(oldest);
    }
    ring[slot] = key.legId;
    legs.set(key.legId, { key, leg, slot });
  };
  const entry = (key: LegKey) => {
    const e = legs.get(key.legId);
    return e &&
      e.key.globalCallId === key.globalCallId &&
      e.key.globalCallManagerId === key.globalCallManagerId &&
      e.key.clusterId === key.clusterId
      ? e
      : undefined;
  };
  return {
    remember: put,
    recall: (key) => entry(key)?.leg ?? undefined,
    knows: (key) => entry(key) !== undefined,
    forget: (key) => put(key, null),
  };
}
