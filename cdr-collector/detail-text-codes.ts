import type { CallTextKind } from '../src/store/index.js';

/** A text of a coded detail field (call-columns.ts, packedCode) and, once a store gave it one, its code. */
export interface DetailText {
  kind: CallTextKind;
  text: string;
}
export interface DetailTextCode extends DetailText {
  code: number;
}

/**
 * The parse thread's memory of the `call_texts` codes of detail texts
 * (partitions, devices, IP addresses: issue 18). A text it knows a code for
 * is written into the call's `detail` as that code; one it does not is written
 * as itself and asked for: the batch carries it to the store thread, which adds
 * it to call_texts in the batch's transaction and answers its code with the
 * batch's outcome. Only codes of committed transactions are learnt, so a code
 * written is always one the database holds.
 */
export interface DetailTextCodes {
  /** The code of `text`, or undefined: then the text is asked for (see take). */
  codeOf(kind: CallTextKind, text: string): number | undefined;
  /** The distinct texts asked for since the last take (the batch being built), and a fresh start. */
  take(): DetailText[];
  /** Codes a store answered for a committed batch. */
  learn(codes: readonly DetailTextCode[] | undefined): void;
}

/** Codes kept per kind at most: past it a new text stays a text (a bound on the parse thread's memory). */
export const DETAIL_CODES_PER_KIND = 200_000;

export function createDetailTextCodes(perKind = DETAIL_CODES_PER_KIND): DetailTextCodes {
  const known = new Map<CallTextKind, Map<string, number>>();
  let asked = new Map<CallTextKind, Set<string>>();
  const codesOf = (kind: CallTextKind): Map<string, number> => {
    let codes = known.get(kind);
    if (!codes) known.set(kind, (codes = new Map()));
    return codes;
  };
  return {
    codeOf(kind, text) {
      const codes = codesOf(kind);
      const code = codes.get(text);
      if (code !== undefined || codes.size >= perKind) return code;
      let texts = asked.get(kind);
      if (!texts) asked.set(kind, (texts = new Set()));
      texts.add(text);
      return undefined;
    },
    take() {
      const out: DetailText[] = [];
      for (const [kind, texts] of asked) for (const text of texts) out.push({ kind, text });
      asked = new Map();
      return out;
    },
    learn(codes) {
      for (const { kind, text, code } of codes ?? []) {
        const known = codesOf(kind);
        if (known.size < perKind) known.set(text, code);
      }
    },
  };
}
