/** The request fields by the last segment of their AttributeId, as both parsers report them. */
export type XacmlFields = Map<string, string>;


/** A plain XML declaration: pseudo-attributes only. */
const declaration = /<\?xml(?:\s+[A-Za-z]+\s*=\s*(?:"[^"<>?]*"|'[^'<>?]*'))*\s*\?>/y;

interface Frame {
  /** The name as written: an end tag must repeat it exactly (XML is case-sensitive). */
  raw: string;
  name: string;
  /** Field this <Attribute> supplies ('' = none, or already supplied earlier). */
  field: string;
  valueTaken: boolean;
  /** Start of the text of the <AttributeValue> being captured, -1 otherwise. */
  captureFrom: number;
}

/**
 * A one-pass scanner for the plain XACML CUCM sends: elements, attributes and
 * text only. It returns null, so that the caller falls back to the full XML
 * parser, on anything else (comments, CDATA, DOCTYPE, processing instructions,
 * entity references, mixed content in a value, unbalanced tags). The property
 * tests check it against fast-xml-parser: when it answers, it answers the same.
 *
 * `wanted` maps lower-cased id segments to themselves; the first <Attribute> in
 * document order supplying a field wins, and its value is the trimmed text of
 * its first direct <AttributeValue> child ('' when it has none).
 */
export function scanXacmlAttributes(text: string, wanted: ReadonlySet<string>): XacmlFields | null {
  const fields: XacmlFields = new Map();
  const stack: Frame[] = [];
  const n = text.length;
  let i = skipSpace(text, 0);
  if (text.startsWith('<?', i)) {
    declaration.lastIndex = i;
    if (!declaration.test(text)) return null;
    i = declaration.lastIndex;
  }
  let rootClosed = false;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (skipSpace(text, i) < textEnd) return null;
      } else if (top.captureFrom < 0) {
        // Text outside values is ignored by both parsers, but keep to the plain case.
        const amp = text.indexOf('&', i);
        if (amp >= 0 && amp < textEnd) return null;
      }
    }
    if (lt < 0) break;
    i = lt + 1;
    const c = text.charCodeAt(i);
    if (c === 0x2f /* / */) {
      const close = text.indexOf('>', i);
      if (close < 0) return null;
      const raw = text.slice(i + 1, close).trimEnd();
      const frame = stack.pop();
      if (frame === undefined || frame.raw !== raw) return null;
      if (frame.captureFrom >= 0) {
        const value = text.slice(frame.captureFrom, lt);
        if (value.includes('&') || value.includes('\r')) return null;
        const parent = stack[stack.length - 1];
        if (parent !== undefined && parent.field !== '') fields.set(parent.field, value.trim());
      }
      i = close + 1;
      if (stack.length === 0) rootClosed = true;
      continue;
    }
    if (c === 0x21 /* ! */ || c === 0x3f /* ? */) return null;
    if (rootClosed) return null;
    // A start tag: name, attributes, then > or />.
    let j = i;
    while (j < n && isNameCode(text.charCodeAt(j))) j++;
    const rawName = text.slice(i, j);
    const name = localName(rawName);
    if (name === null) return null;
    let attributeId: string | null = null;
    let selfClosing = false;
    for (;;) {
      const k = skipSpace(text, j);
      if (k >= n) return null;
      const ch = text[k];
      if (ch === '>') {
        j = k + 1;
        break;
      }
      if (ch === '/') {
        if (text[k + 1] !== '>') return null;
        selfClosing = true;
        j = k + 2;
        break;
      }
      if (k === j) return null; // attributes must be separated by white space
      let e = k;
      while (e < n && isNameCode(text.charCodeAt(e))) e++;
      const attrName = localName(text.slice(k, e));
      if (attrName === null) return null;
      const eq = skipSpace(text, e);
      if (text[eq] !== '=') return null;
      const q = skipSpace(text, eq + 1);
      const quote = text[q];
      if (quote !== '"' && quote !== "'") return null;
      const endQuote = text.indexOf(quote, q + 1);
      if (endQuote < 0) return null;
      const value = text.slice(q + 1, endQuote);
      if (value.includes('<')) return null;
      if (attrName === 'attributeid') {
        if (attributeId !== null || value.includes('&')) return null;
        attributeId = value;
      }
      j = endQuote + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined && parent.captureFrom >= 0) return null; // markup inside a value
    let field = '';
    if (attributeId !== null && name === 'attribute') {
      const segment = attributeId.slice(attributeId.lastIndexOf(':') + 1).trim().toLowerCase();
      if (wanted.has(segment) && !fields.has(segment)) {
        field = segment;
        fields.set(segment, '');
      }
    }
    let captureFrom = -1;
    if (name === 'attributevalue' && parent !== undefined && parent.field !== '' && !parent.valueTaken) {
      parent.valueTaken = true;
      if (!selfClosing) captureFrom = j;
    }
    if (!selfClosing) stack.push({ raw: rawName, name, field, valueTaken: false, captureFrom });
    else if (stack.length === 0) rootClosed = true;
    i = j;
  }
  return stack.length === 0 && rootClosed ? fields : null;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else return i;
  }
}

function isNameCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x3a || c === 0x2d;
}

/** Lower-cased name without its namespace prefix; null when it is not a plain XML name. */
function localName(raw: string): string | null {
  if (raw === '' || !/^[A-Za-z_]/.test(raw)) return null;
  const colon = raw.indexOf(':');
  if (colon !== raw.lastIndexOf(':')) return null;
  const local = colon >= 0 ? raw.slice(colon + 1) : raw;
  return local === '' ? null : local.toLowerCase();
}
