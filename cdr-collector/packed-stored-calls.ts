import type { CallDirection, StoredCallSummary } from '../src/events/index.js';

/**
 * The `calls.stored` summaries of one batch as the ingest worker posts them to
 * the daemon: columns in buffers that are transferred, not cloned. A
 * structured clone of 2,000 objects with a Date each cost the ingest about
 * 1.6 µs a call on its parse thread and 1 µs on the daemon's (issue 18).
 */
export interface PackedStoredCalls {
  count: number;
  /** Per call, NUMBERS_PER_CALL numbers in NUMBER order; NaN stands for NULL. */
  numbers: Float64Array;
  /** Per call, 1 when it was answered. */
  answered: Uint8Array;
  /** Per call, TEXTS_PER_CALL positions in `texts` (direction, destination type, currency). */
  textAt: Uint16Array;
  /** The batch's distinct texts; position 0 is NULL. */
  texts: Array<string | null>;
}

const NUMBER = { id: 0, startedAt: 1, ownerLineId: 2, ownerUserId: 3, departmentId: 4, costCentreId: 5, cost: 6 };
const NUMBERS_PER_CALL = 7;
const TEXTS_PER_CALL = 3;

/**
 * The summary fields of a batch's calls as plain columns, one value per call in the order the calls were
 * added (the start in epoch seconds): no object per call until the store answered which it stored.
 */
export interface StoredCallColumns {
  startedAt: number[];
  direction: CallDirection[];
  answered: boolean[];
  ownerLineId: Array<number | null>;
  ownerUserId: Array<number | null>;
  departmentId: Array<number | null>;
  costCentreId: Array<number | null>;
  destinationType: Array<string | null>;
  costMinor: Array<number | null>;
  currency: Array<string | null>;
}

export const emptyStoredCallColumns = (): StoredCallColumns => ({
  startedAt: [],
  direction: [],
  answered: [],
  ownerLineId: [],
  ownerUserId: [],
  departmentId: [],
  costCentreId: [],
  destinationType: [],
  costMinor: [],
  currency: [],
});

/** The summaries of the calls whose id is not 0 (`ids[i]`: the store's id for the i-th call), packed. */
export function packStoredCalls(c: StoredCallColumns, ids: readonly number[]): PackedStoredCalls {
  let count = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) count++;
  const numbers = new Float64Array(count * NUMBERS_PER_CALL);
  const answered = new Uint8Array(count);
  const textAt = new Uint16Array(count * TEXTS_PER_CALL);
  const texts: Array<string | null> = [null];
  const positions = new Map<string, number>();
  const positionOf = (text: string | null): number => {
    if (text === null) return 0;
    let at = positions.get(text);
    if (at === undefined) {
      // They come from small closed sets (directions, destination types, currencies); should a batch ever hold
      // more, it fails loudly rather than announce wrong texts.
      if (texts.length > 0xffff) throw new Error('more than 65,535 distinct texts in one batch of stored calls');
      at = texts.push(text) - 1;
      positions.set(text, at);
    }
    return at;
  };
  for (let i = 0, out = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id === 0) continue;
    const n = out * NUMBERS_PER_CALL;
    numbers[n + NUMBER.id] = id;
    numbers[n + NUMBER.startedAt] = c.startedAt[i] as number;
    numbers[n + NUMBER.ownerLineId] = c.ownerLineId[i] ?? NaN;
    numbers[n + NUMBER.ownerUserId] = c.ownerUserId[i] ?? NaN;
    numbers[n + NUMBER.departmentId] = c.departmentId[i] ?? NaN;
    numbers[n + NUMBER.costCentreId] = c.costCentreId[i] ?? NaN;
    numbers[n + NUMBER.cost] = c.costMinor[i] ?? NaN;
    answered[out] = c.answered[i] ? 1 : 0;
    const t = out * TEXTS_PER_CALL;
    textAt[t] = positionOf(c.direction[i] as CallDirection);
    textAt[t + 1] = positionOf(c.destinationType[i] ?? null);
    textAt[t + 2] = positionOf(c.currency[i] ?? null);
    out++;
  }
  return { count, numbers, answered, textAt, texts };
}

/** The buffers to transfer with a message that carries `packed`. */
export const packedStoredCallsTransfer = (packed: PackedStoredCalls): ArrayBuffer[] => [
  packed.numbers.buffer as ArrayBuffer,
  packed.answered.buffer as ArrayBuffer,
  packed.textAt.buffer as ArrayBuffer,
];

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The summaries as the daemon's listeners take them. */
export function unpackStoredCalls(packed: PackedStoredCalls): StoredCallSummary[] {
  const { count, numbers, answered, textAt, texts } = packed;
  const out = new Array<StoredCallSummary>(count);
  for (let i = 0; i < count; i++) {
    const n = i * NUMBERS_PER_CALL;
    const t = i * TEXTS_PER_CALL;
    out[i] = {
      id: numbers[n + NUMBER.id] as number,
      startedAt: new Date((numbers[n + NUMBER.startedAt] as number) * 1000),
      direction: texts[textAt[t] as number] as CallDirection,
      answered: answered[i] === 1,
      ownerLineId: orNull(numbers[n + NUMBER.ownerLineId] as number),
      ownerUserId: orNull(numbers[n + NUMBER.ownerUserId] as number),
      departmentId: orNull(numbers[n + NUMBER.departmentId] as number),
      costCentreId: orNull(numbers[n + NUMBER.costCentreId] as number),
      destinationType: texts[textAt[t + 1] as number] as string | null,
      costMinor: orNull(numbers[n + NUMBER.cost] as number),
      currency: texts[textAt[t + 2] as number] as string | null,
    };
  }
  return out;
}
