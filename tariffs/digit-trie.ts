interface TrieNode<T> {
  children: Array<TrieNode<T> | undefined>;
  value: T | undefined;
}

/**
 * A prefix tree over the digits 0–9, for longest-prefix lookups in time
 * proportional to the number's length (a dozen array reads for an E.164 number).
 */
export class DigitTrie<T> {
  private readonly root: TrieNode<T> = newNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Stores `value` under `digits`; returns the value it replaced, if any. */
  set(digits: string, value: T): T | undefined {
    let node = this.root;
    for (let i = 0; i < digits.length; i++) {
      const d = digits.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new RangeError(`not a digit string: ${digits}`);
      let next = node.children[d];
      if (next === undefined) {
        next = newNode();
        node.children[d] = next;
      }
      node = next;
    }
    const previous = node.value;
    if (previous === undefined) this.count++;
    node.value = value;
    return previous;
  }

  get(digits: string): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    for (let i = 0; i < digits.length && node !== undefined; i++) node = node.children[digits.charCodeAt(i) - 48];
    return node?.value;
  }

  /**
   * The value stored under the longest prefix of `text` read from `start`
   * (a non-digit ends the walk). Values that need their prefix carry it.
   */
  longestValue(text: string, start = 0): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    let best: T | undefined = this.root.value;
    for (let i = start; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      node = node.children[d];
      if (node === undefined) break;
      if (node.value !== undefined) best = node.value;
    }
    return best;
  }
}

function newNode<T>(): TrieNode<T> {
  return { children: new Array<TrieNode<T> | undefined>(10).fill(undefined), value: undefined };
}
