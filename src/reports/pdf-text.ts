import { createRequire } from 'node:module';
import {
  bidiParagraph,
  hasRtl,
  visualRuns,
  withoutBidiControls,
  type BidiParagraph,
  type VisualRun,
} from './pdf-bidi.js';

export interface PdfTextStyle {
  size: number;
  bold?: boolean;
}

export type PdfAlign = 'left' | 'right';

/** One wrapped line of a paragraph: the range of its characters (inclusive). */
export interface PdfLine {
  paragraph: BidiParagraph;
  start: number;
  end: number;
}

/** Draws text in a PDF in the font its letters need, in the order its scripts read. */
export interface PdfText {
  /** The width `text` takes on one line. */
  width(text: string, style: PdfTextStyle): number;
  /** `text`, cut at its logical end with "…" to fit `width`. */
  fit(text: string, width: number, style: PdfTextStyle): string;
  /** `text` cut into lines no wider than `width` (at spaces; a longer word stands alone). */
  lines(text: string, width: number, style: PdfTextStyle): PdfLine[];
  /** Draws a line (or a text on one line) in the box from `x`, `width` wide, its top at `y`. */
  draw(line: PdfLine | string, x: number, y: number, width: number, style: PdfTextStyle, align: PdfAlign): void;
}

export interface PdfTextOptions {
  /** A TrueType font for everything; empty = Helvetica for Western text, DejaVu Sans for the rest. */
  fontFile?: string;
  /** DejaVu Sans for every text, Western or not (a Polish or Arabic report: one typeface throughout). */
  unicode?: boolean;
  /** The page reads right to left (Arabic): texts with right-to-left letters read from the right. */
  rtl: boolean;
}

const require = createRequire(import.meta.url);
/** Helvetica's ascent (its AFM): every font's baseline sits where pdfkit put Helvetica's, so a row's cells line up. */
const ASCENT = 0.718;
/** What Helvetica draws: pdfkit's built-in fonts speak WinAnsi (Windows-1252) only. */
const WIN_ANSI = /^[\t\n\r\x20-\x7E\xA0-\xFF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/u;
/** fontkit shapes a run in the direction of its first character of a script (not Common/Inherited/Unknown). */
const FIRST_OF_A_SCRIPT = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
/** The scripts fontkit lays out right to left, reversing the glyphs of a run (fontkit's RTL table). */
const FONTKIT_RTL = new RegExp(
  (
    'Arabic Hebrew Syriac Thaana Cypriot Kharoshthi Phoenician Nko Lydian Avestan Imperial_Aramaic ' +
    'Inscriptional_Pahlavi Inscriptional_Parthian Old_South_Arabian Old_Turkic Samaritan Mandaic Meroitic_Cursive ' +
    'Meroitic_Hieroglyphs Manichaean Mende_Kikakui Nabataean Old_North_Arabian Palmyrene Psalter_Pahlavi'
  )
    .split(' ')
    .map((script) => `\\p{Script=${script}}`)
    .join('|'),
  'u',
);
const DEJAVU = 'tollgate-dejavu-sans';
const DEJAVU_BOLD = 'tollgate-dejavu-sans-bold';

/** Whether Helvetica can draw `text` (pdfkit's built-in fonts know WinAnsi only). */
export function isWinAnsi(text: string): boolean {
  return WIN_ANSI.test(text);
}

function fontkitReverses(text: string): boolean {
  const first = FIRST_OF_A_SCRIPT.exec(text);
  return first !== null && FONTKIT_RTL.test(first[0]);
}

/**
 * Text drawing for one PDF: Helvetica where WinAnsi holds the text (so Western reports stay as they were), the
 * bundled DejaVu Sans (Latin with Polish, Greek, Cyrillic, Arabic) for any other text, a configured font for all.
 * Mixed-direction text is split into runs by the bidi algorithm and drawn run by run, left to right.
 */
export function createPdfText(doc: PDFKit.PDFDocument, options: PdfTextOptions): PdfText {
  const fontFile = options.fontFile || undefined;
  if (!fontFile) {
    doc.registerFont(DEJAVU, require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    doc.registerFont(DEJAVU_BOLD, require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  }
  const fontFor = (visible: string, bold: boolean): { name: string; shaped: boolean } => {
    if (fontFile) return { name: fontFile, shaped: true };
    if (!options.unicode && WIN_ANSI.test(visible))
      return { name: bold ? 'Helvetica-Bold' : 'Helvetica', shaped: false };
    return { name: bold ? DEJAVU_BOLD : DEJAVU, shaped: true };
  };
  const use = (visible: string, style: PdfTextStyle) => {
    const font = fontFor(visible, style.bold === true);
    doc.font(font.name).fontSize(style.size);
    return font.shaped;
  };
  const width = (text: string, style: PdfTextStyle) => {
    const visible = withoutBidiControls(text);
    use(visible, style);
    return doc.widthOfString(visible);
  };
  /**
   * A run as pieces pdfkit draws from left to right. fontkit reverses the glyphs of a word whose script reads
   * right to left (after shaping it in logical order), so such a word goes in logical order; any other piece that
   * must read right to left is reversed here, and a left-to-right one fontkit would reverse (Arabic-Indic digits)
   * is reversed here for fontkit to turn back. A right-to-left run of several words is drawn word by word from
   * its last: pdfkit lays text out (and caches it) per word, its trailing space included, which fontkit would
   * move to the wrong side.
   */
  const pieces = (run: VisualRun, shaped: boolean): string[] => {
    const flipped = (word: string) =>
      (shaped && fontkitReverses(word)) === run.rtl ? word : [...word].reverse().join('');
    if (!run.text.includes(' ') || (!run.rtl && !(shaped && hasRtl(run.text)))) return [flipped(run.text)];
    const words = run.text.split(/( +)/).filter(Boolean);
    return (run.rtl ? words.reverse() : words).map((word) => (word.startsWith(' ') ? word : flipped(word)));
  };
  const lines = (text: string, max: number, style: PdfTextStyle): PdfLine[] => {
    const paragraph = bidiParagraph(text, options.rtl);
    const all = paragraph.text;
    const result: PdfLine[] = [];
    let start = 0;
    while (start < all.length) {
      while (all[start] === ' ') start++;
      if (start >= all.length) break;
      let end = all.length - 1;
      if (width(all.slice(start), style) > max) {
        let space = all.indexOf(' ', start);
        let fits = -1;
        while (space > 0 && width(all.slice(start, space), style) <= max) {
          fits = space;
          space = all.indexOf(' ', space + 1);
        }
        if (fits < 0) fits = space > 0 ? space : all.length;
        end = fits - 1;
      }
      result.push({ paragraph, start, end });
      start = end + 1;
    }
    return result;
  };
  return {
    width,
    fit(text, max, style) {
      if (width(text, style) <= max) return text;
      let cut = text;
      while (cut.length > 1 && width(`${cut}…`, style) > max) cut = cut.slice(0, -1);
      return `${cut.trimEnd()}…`;
    },
    lines,
    draw(line, x, y, box, style, align) {
      const { paragraph, start, end } =
        typeof line === 'string' ? { paragraph: bidiParagraph(line, options.rtl), start: 0, end: Infinity } : line;
      const visible = withoutBidiControls(paragraph.text.slice(start, end + 1));
      const shaped = use(visible, style);
      const runs = visualRuns(paragraph, start, Math.min(end, paragraph.text.length - 1)).flatMap((run) =>
        pieces(run, shaped),
      );
      const widths = runs.map((run) => doc.widthOfString(run));
      let cursor = align === 'right' ? x + box - widths.reduce((sum, w) => sum + w, 0) : x;
      const baseline = y + ASCENT * style.size;
      runs.forEach((run, i) => {
        if (run.trim()) doc.text(run, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
        cursor += widths[i]!;
      });
    },
  };
}
