const WAYS = 8;
const INITIAL_SLOTS = 1024;
/** The fewest slots a memo has: its first slots when its budget has no room left. */
const MIN_SLOTS = WAYS * 2;
/** V8 keeps a substring of 13 characters or more as a view of its parent string (SlicedString). */
const SLICE_MIN = 13;

/**
 * Slots that several memos share (one thread's, whatever number of sites it serves): each memo takes its first
 * slots and every doubling from the budget, and gives them back once it is collected. A memo's own `maxSlots`
 * bounds one site; the budget bounds them all, so the memory they hold does not grow with the number of sites.
 */
export class MemoSlotBudget {
  private left: number;

  constructor(slots: number) {
    this.left = slots;
  }

  /** Slots not taken (below 0 while memos that started at MIN_SLOTS without room hold them). */
  get remaining(): number {
    return this.left;
  }

  /** `n` slots if there is room for them, else `floor` slots all the same (0 when no floor is given). */
  take(n: number, floor = 0): number {
    const granted = n <= this.left ? n : floor;
    this.left -= granted;
    return granted;
  }

  give(n: number): void {
    this.left += n;
  }
}

/** What a memo took from its budget, given back once the memo is collected (a tariff or directory reload). */
interface Holding {
  budget: MemoSlotBudget;
  slots: number;
}
const giveBack = new FinalizationRegistry<Holding>((held) => held.budget.give(held.slots));

/**
 * A string-keyed memo of fixed slots: an 8-way set-associative table (a key's
 * hash picks a set of eight slots; a miss in a full set replaces its slots in
 * turn). Unlike a generational memo it never drops a whole generation: an
 * entry leaves only when a new key takes its slot, so a working set that fits
 * stays (no old-generation garbage once warm) and one that does not fit costs
 * one replaced entry per miss. The slots grow (×2, up to `maxSlots`) while the
 * table is at most half full, so a small site never holds a large table, and
 * only while `budget` (when given) has room for them.
 */
export class NumberMemo<V> {
  private keys: Array<string | undefined>;
  private values: Array<V | undefined>;
  /** Each slot's key hash: a lookup reads the key text of the slot whose hash matches only (each is a cache miss). */
  private tags: Int32Array;
  /** Per set, the way the next miss replaces. */
  private victims: Uint8Array;
  private mask: number;
  private count = 0;
  private readonly holding: Holding | null = null;

  constructor(
    private readonly maxSlots: number,
    budget?: MemoSlotBudget,
  ) {
    if (maxSlots < MIN_SLOTS || (maxSlots & (maxSlots - 1)) !== 0)
      throw new RangeError('maxSlots must be a power of two, at least 16');
    let slots = Math.min(INITIAL_SLOTS, maxSlots);
    if (budget) {
      slots = budget.take(slots, MIN_SLOTS);
      this.holding = { budget, slots };
      giveBack.register(this, this.holding);
    }
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.tags = new Int32Array(slots);
    this.victims = new Uint8Array(slots / WAYS);
    this.mask = slots / WAYS - 1;
  }

  /** Entries held now (at most the slot count). */
  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const hash = hashOf(key);
    const base = (hash & this.mask) * WAYS;
    const tags = this.tags;
    for (let i = base; i < base + WAYS; i++) if (tags[i] === hash && this.keys[i] === key) return this.values[i];
    return undefined;
  }

  /**
   * Remembers `value` under `key` (which must not be held yet; `get` first). The key is kept as given: pass a
   * `detach`ed one when it may be a substring of a long text (a CDR line), or the memo keeps that text alive.
   */
  set(key: string, value: V): void {
    if (this.count * 2 >= this.keys.length && this.keys.length < this.maxSlots) this.grow();
    this.place(key, value, hashOf(key));
  }

  private place(key: string, value: V, hash: number): void {
    const set = hash & this.mask;
    const base = set * WAYS;
    const keys = this.keys;
    for (let i = base; i < base + WAYS; i++) {
      if (keys[i] === undefined) {
        keys[i] = key;
        this.values[i] = value;
        this.tags[i] = hash;
        this.count++;
        return;
      }
    }
    const way = this.victims[set] as number;
    this.victims[set] = (way + 1) % WAYS;
    keys[base + way] = key;
    this.values[base + way] = value;
    this.tags[base + way] = hash;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    const slots = keys.length * 2;
    // Doubling adds as many slots as the memo has; without room for them it keeps its size (and tries again later).
    if (this.holding) {
      if (this.holding.budget.take(keys.length) === 0) return;
      this.holding.slots += keys.length;
    }
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.tags = new Int32Array(slots);
    this.victims = new Uint8Array(slots / WAYS);
    this.mask = slots / WAYS - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== undefined) this.place(key, values[i] as V, hashOf(key));
    }
  }
}

/** FNV-1a over the UTF-16 units, then MurmurHash3's finaliser: numbers differ in their last digits most. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A copy of `s` that references no other string. Concatenation then slicing makes V8 flatten into a new string;
 * shorter strings are always copies already.
 */
export function detach(s: string): string {
  return s.length < SLICE_MIN ? s : ` ${s}`.slice(1);
}
