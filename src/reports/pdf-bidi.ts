import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo…, their presentation forms) and RLM/ALM. */
const RTL_CHARACTER = /[\u0590-\u08FF\u200F\u061C\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
/** Bidi formatting characters: they steer the order and are never drawn. */
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/gu;
/**
 * A number as people write it: digits in groups joined by one separator ("+39 06 1234", "2026-01-31 09:30").
 * Inside right-to-left text each is isolated left to right, so a phone number keeps its groups in order (the
 * algorithm alone would show "1234 06 39+").
 */
const NUMBER = /\+?\d+(?:[-./: \u00A0]\d+)*/gu;
const LRI = '\u2066';
const PDI = '\u2069';

/** A piece of a line drawn in one go: its characters in logical order, and whether they read right to left. */
export interface VisualRun {
  text: string;
  rtl: boolean;
}

/** A paragraph ready to be cut into lines and drawn: its text (with isolates added) and resolved levels. */
export interface BidiParagraph {
  text: string;
  /** Undefined when the text holds no right-to-left character: it reads left to right as it is. */
  levels?: ReturnType<typeof bidi.getEmbeddingLevels>;
}

/** Whether a text holds a right-to-left character. */
export function hasRtl(text: string): boolean {
  return RTL_CHARACTER.test(text);
}

/** The text without bidi formatting characters: what is measured and drawn. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Resolves a paragraph's embedding levels (Unicode Bidirectional Algorithm, UAX #9). On a right-to-left page a
 * text holding right-to-left letters reads right to left; elsewhere the first strong character decides (P2, P3).
 * Text without right-to-left characters skips the algorithm: it reads left to right on every page.
 */
export function bidiParagraph(text: string, rtlPage: boolean): BidiParagraph {
  if (!hasRtl(text)) return { text };
  const isolated = text.replace(NUMBER, (n) => `${LRI}${n}${PDI}`);
  return { text: isolated, levels: bidi.getEmbeddingLevels(isolated, rtlPage ? 'rtl' : 'auto') };
}

/**
 * The runs of one line (`start`..`end`, inclusive, in the paragraph's text) from left to right (UAX #9 L2, L4):
 * the reordered characters cut wherever the order changes direction, each run back in logical order with its
 * right-to-left characters mirrored ("(" drawn as ")"), formatting characters left out.
 */
export function visualRuns(paragraph: BidiParagraph, start: number, end: number): VisualRun[] {
  const { text, levels } = paragraph;
  if (!levels) return [{ text: withoutBidiControls(text.slice(start, end + 1)), rtl: false }];
  const order: number[] = [];
  for (let i = start; i <= end; i++) order.push(i);
  for (const [from, to] of bidi.getReorderSegments(text, levels, start, end)) {
    const flipped = order.slice(from! - start, to! - start + 1).reverse();
    order.splice(from! - start, flipped.length, ...flipped);
  }
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels, start, end);
  const runs: VisualRun[] = [];
  let i = 0;
  while (i < order.length) {
    const odd = levels.levels[order[i]!]! & 1;
    const step = i + 1 < order.length ? order[i + 1]! - order[i]! : 0;
    let j = i + 1;
    const continues = (k: number) => order[k]! - order[k - 1]! === step && (levels.levels[order[k]!]! & 1) === odd;
    if (step === 1 || step === -1) while (j < order.length && continues(j)) j++;
    const from = Math.min(order[i]!, order[j - 1]!);
    const to = Math.max(order[i]!, order[j - 1]!);
    let logical = '';
    for (let k = from; k <= to; k++) logical += mirrored.get(k) ?? text[k];
    const run = withoutBidiControls(logical);
    const rtl = j > i + 1 ? step === -1 : odd === 1;
    if (run) runs.push({ text: run, rtl });
    i = j;
  }
  return runs;
}
