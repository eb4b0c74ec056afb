import { DigitTrie } from '../digit-trie.js';
import type { DestinationType } from '../destination-type.js';

/** An administrator's correction of where numbers under a prefix go (a carrier's zones, special numbers). */
export interface DestinationOverride {
  /** E.164 prefix: `+` then digits; spaces are ignored ("+39 199"). */
  prefix: string;
  destinationType: DestinationType;
  /** Shown in reports instead of the generated "Italy premium rate". */
  name?: string;
  /** ISO alpha-2; defaults to the nation the calling code gives. */
  nation?: string;
}

export interface CompiledOverride {
  digits: string;
  destinationType: DestinationType;
  name: string | undefined;
  nation: string | undefined;
}

/**
 * Destination overrides compiled into a prefix trie. Also the owner of the
 * classification memo (per site), so that one set of overrides never sees
 * answers computed under another. Build once, at startup or on reload.
 */
export class DestinationOverrides {
  readonly entries: readonly DestinationOverride[];
  private readonly trie = new DigitTrie<CompiledOverride>();
  /** Classification memos per site object; owned by classify-dialled-number.ts. */
  readonly memos = new WeakMap<object, unknown>();

  constructor(entries: readonly DestinationOverride[]) {
    this.entries = entries;
    for (const entry of entries) {
      const digits = overridePrefixDigits(entry.prefix);
      if (digits === undefined)
        throw new RangeError(`destination override prefix "${entry.prefix}" is not + then digits`);
      this.trie.set(digits, { digits, destinationType: entry.destinationType, name: entry.name, nation: entry.nation });
    }
  }

  /** The override of the longest prefix of an E.164 number, if any. */
  match(e164: string): CompiledOverride | undefined {
    return this.trie.size === 0 ? undefined : this.trie.longestValue(e164, 1);
  }
}

/** The digits of an override prefix ("+39 199" → "39199"), or undefined when malformed. */
export function overridePrefixDigits(prefix: string): string | undefined {
  const compact = prefix.replace(/ /g, '');
  return /^\+[1-9][0-9]{0,14}$/.test(compact) ? compact.slice(1) : undefined;
}

/** Compiles overrides from configuration; throws RangeError on a malformed prefix. */
export function compileDestinationOverrides(entries: readonly DestinationOverride[] = []): DestinationOverrides {
  return new DestinationOverrides(entries);
}
