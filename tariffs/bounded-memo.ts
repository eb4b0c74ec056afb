/**
 * A memo that never grows past about twice `capacity` entries: when the young
 * generation fills, it becomes the old one and the previous old one is
 * dropped. Cheaper than an LRU (no reordering on hits) and good enough for
 * streams where the same keys come back (numbers, hours, days).
 */
export class BoundedMemo<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
