import type { PhoneCharset } from './phone-charset.js';

const latin1Replacements: Record<string, string> = {
  '\u2026': '...',
  '\u20ac': 'EUR',
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  // Polish ł has no decomposition; without these it would show as "?".
  '\u0141': 'L',
  '\u0142': 'l',
  '\u00a0': ' ',
};

/** Characters a phone's Latin-1 font can show: accents kept where Latin-1 has them, others decomposed or replaced. */
function toLatin1(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0xff) {
      out += ch;
      continue;
    }
    const replacement = latin1Replacements[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) && base !== '' ? base : '?';
  }
  return out;
}

export interface FitOptions {
  /** Keep line breaks and tabs (CiscoIPPhoneText's Text may hold them; Title and Prompt may not). */
  multiline?: boolean;
}

/**
 * Makes a text safe for a phone field: no control characters (CR, LF and TAB
 * only where multiline), only characters of the charset, and at most `max`
 * characters as the XSD counts them, cut with an ellipsis.
 */
export function fitText(text: string, max: number, charset: PhoneCharset, options: FitOptions = {}): string {
  const control = options.multiline
    ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g
    : /[\u0000-\u001f\u007f-\u009f]/g;
  let clean = text.normalize('NFC').replace(control, options.multiline ? '' : ' ');
  if (charset === 'ISO-8859-1') clean = toLatin1(clean);
  const chars = [...clean];
  if (chars.length <= max) return clean;
  const ellipsis = charset === 'UTF-8' ? '\u2026' : '...';
  return (
    chars
      .slice(0, Math.max(0, max - ellipsis.length))
      .join('')
      .trimEnd() + ellipsis
  );
}
