/** The request fields by the last segment of their AttributeId, as both parsers report them. */
export type XacmlFields = Map<string, string>;

/** A plain XML declaration: pseudo-attributes only. */
const declaration = /<\?xml(?:\s+[A-Za-z]+\s*=\s*(?:"[^"<>?]*"|'[^'<>?]*'))*\s*\?>/y;

interface Frame {
  /** The name as written: an end tag must repeat it exactly (XML is case-sensitive). */
  raw: string;
  kind: NameKind;
  /** Field this <Attribute> supplies ('' = none, or already supplied earlier). */
  field: string;
  valueTaken: boolean;
  /** Start of the text of the <AttributeValue> being captured, -1 otherwise. */
  captureFrom: number;
}

const NameKind = { Other: 0, Attribute: 1, AttributeValue: 2 } as const;
type NameKind = (typeof NameKind)[keyof typeof NameKind];

/**
 * A one-pass scanner for the plain XACML CUCM sends: elements, attributes and
 * text only. It returns null, so that the caller falls back to the full XML
 * parser, on anything else (comments, CDATA, DOCTYPE, processing instructions,
 * entity references, mixed content in a value, unbalanced tags). The property
 * tests check it against fast-xml-parser: when it answers, it answers the same.
 *
 * `wanted` maps lower-cased id segments to themselves; the first <Attribute> in
 * document order supplying a field wins, and its value is the trimmed text of
 * its first direct <AttributeValue> child ('' when it has none). Tags are
 * matched by sticky regular expressions anchored at each '<' (compiled to
 * native code; a character loop in JavaScript costs several times more, and
 * this runs on every call attempt).
 */
export function scanXacmlAttributes(text: string, wanted: ReadonlySet<string>): XacmlFields | null {
  const fields: XacmlFields = new Map();
  const stack: Frame[] = [];
  const n = text.length;
  // Whether '&' or CR occur in a range, without searching to the end of the text each time.
  const amp = nextOccurrence(text, '&');
  const cr = nextOccurrence(text, '\r');
  let i = skipSpace(text, 0);
  if (text.startsWith('<?', i)) {
    // An XML declaration only at the very start: after anything, white space too, it is not well-formed.
    if (i !== 0) return null;
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
      } else if (top.captureFrom < 0 && amp(i, textEnd)) {
        // Text outside values is ignored by both parsers, but keep to the plain case.
        return null;
      }
    }
    if (lt < 0) break;
    if (text.charCodeAt(lt + 1) === 0x2f /* / */) {
      const frame = stack.pop();
      if (frame === undefined || !text.startsWith(frame.raw, lt + 2)) return null;
      const close = skipSpace(text, lt + 2 + frame.raw.length);
      if (text.charCodeAt(close) !== 0x3e /* > */) return null;
      if (frame.captureFrom >= 0) {
        if (amp(frame.captureFrom, lt) || cr(frame.captureFrom, lt)) return null;
        const parent = stack[stack.length - 1];
        if (parent !== undefined && parent.field !== '')
          fields.set(parent.field, text.slice(frame.captureFrom, lt).trim());
      }
      i = close + 1;
      if (stack.length === 0) rootClosed = true;
      continue;
    }
    if (rootClosed) return null;
    startTag.lastIndex = lt;
    const tag = startTag.exec(text);
    if (tag === null) return null; // comments, CDATA, PIs, DOCTYPE and broken markup: the full parser decides
    const rawName = tag[1] as string;
    const kind = kindOfName(rawName);
    const selfClosing = tag[3] === '/';
    i = startTag.lastIndex;
    const parent = stack[stack.length - 1];
    if (parent !== undefined && parent.captureFrom >= 0) return null; // markup inside a value
    let field = '';
    if (kind === NameKind.Attribute) {
      const attributeId = memo(attributeIds, tag[2] as string, attributeIdOf);
      if (attributeId === false) return null;
      if (attributeId !== null) {
        const segment = memo(idSegments, attributeId, segmentOf);
        if (wanted.has(segment) && !fields.has(segment)) {
          field = segment;
          fields.set(segment, '');
        }
      }
    }
    let captureFrom = -1;
    if (kind === NameKind.AttributeValue && parent !== undefined && parent.field !== '' && !parent.valueTaken) {
      parent.valueTaken = true;
      if (!selfClosing) captureFrom = i;
    }
    if (!selfClosing) stack.push({ raw: rawName, kind, field, valueTaken: false, captureFrom });
    else if (stack.length === 0) rootClosed = true;
  }
  return stack.length === 0 && rootClosed ? fields : null;
}

// An XML name with at most one namespace prefix.
const name = '[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.-]+)?';
const startTag = new RegExp(`<(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const attribute = new RegExp(`(${name})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');

// CUCM sends the same tags, attribute lists and ids in every request: what is
// derived from them is remembered (a bounded number of entries, so that odd
// bodies cannot grow memory; past the bound it is computed each time).
const memoLimit = 512;
const attributeIds = new Map<string, string | null | false>();
const idSegments = new Map<string, string>();

function memo<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined && !cache.has(key)) {
    value = compute(key);
    if (cache.size < memoLimit) cache.set(key, value);
  }
  return value as T;
}

function kindOfName(rawName: string): NameKind {
  const localFrom = rawName.indexOf(':') + 1;
  if (equalsIgnoringCase(rawName, localFrom, 'attribute')) return NameKind.Attribute;
  if (equalsIgnoringCase(rawName, localFrom, 'attributevalue')) return NameKind.AttributeValue;
  return NameKind.Other;
}

/** The id's last ':'-separated segment, lower-cased: how both parsers name a field. */
function segmentOf(attributeId: string): string {
  return attributeId
    .slice(attributeId.lastIndexOf(':') + 1)
    .trim()
    .toLowerCase();
}

/** The AttributeId of a tag's attribute text; null without one; false when it is repeated or holds an entity. */
function attributeIdOf(attributes: string): string | null | false {
  let id: string | null = null;
  attribute.lastIndex = 0;
  for (let m = attribute.exec(attributes); m !== null; m = attribute.exec(attributes)) {
    const attrName = m[1] as string;
    if (!equalsIgnoringCase(attrName, attrName.indexOf(':') + 1, 'attributeid')) continue;
    const value = (m[2] ?? m[3]) as string;
    if (id !== null || value.includes('&')) return false;
    id = value;
  }
  return id;
}

/** A test for `ch` in [from, to) that remembers the next occurrence, for ranges that move forward. */
function nextOccurrence(text: string, ch: string): (from: number, to: number) => boolean {
  let next = text.indexOf(ch);
  let last = 0;
  return (from, to) => {
    if (next < 0) return false;
    if (from < last) {
      const at = text.indexOf(ch, from);
      return at >= 0 && at < to;
    }
    last = from;
    if (next < from) next = text.indexOf(ch, from);
    return next >= 0 && next < to;
  };
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else return i;
  }
}

/** Whether value[from…] equals the lower-case ASCII `lower`, ignoring case. */
function equalsIgnoringCase(value: string, from: number, lower: string): boolean {
  if (value.length - from !== lower.length) return false;
  for (let k = 0; k < lower.length; k++) {
    if ((value.charCodeAt(from + k) | 0x20) !== lower.charCodeAt(k)) return false;
  }
  return true;
}
