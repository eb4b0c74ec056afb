/** An element with child elements: each child by its local name, an array where a name repeats. */
export interface XmlObject {
  [name: string]: XmlValue;
}
/** A leaf element is its text (entities decoded, trimmed; '' when empty). */
export type XmlValue = string | XmlObject | XmlValue[];

/** The XML is not well-formed (an AXL answer cut short, or not XML at all). */
export class XmlSyntaxError extends Error {}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const entity = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const decode = (text: string): string =>
  text.includes('&')
    ? text.replace(entity, (_, e: string) =>
        e.startsWith('#x')
          ? String.fromCodePoint(parseInt(e.slice(2), 16))
          : e.startsWith('#')
            ? String.fromCodePoint(Number(e.slice(1)))
            : entities[e]!,
      )
    : text;

interface Open {
  name: string;
  children: XmlObject | null;
  text: string;
}

/**
 * The element tree of a SOAP answer as plain objects (namespace prefixes, attributes, comments and
 * processing instructions dropped), read straight from the response bytes. AXL answers are large
 * (a 1,000-row page is ~400 KB) and flat, so this is a single pass of `indexOf('<')` with each
 * text decoded from its own bytes: no intermediate node tree, and no value is a slice that would
 * keep the whole page's string alive after the page is mapped.
 */
export function parseAxlXml(body: Buffer): XmlObject {
  const root: Open = { name: '', children: {}, text: '' };
  const stack: Open[] = [root];
  let at = 0;
  for (;;) {
    const lt = body.indexOf(LT, at);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      if (stack.length > 1) throw new XmlSyntaxError(`element <${top.name}> is not closed`);
      return root.children!;
    }
    if (lt > at && top.children === null) top.text += body.toString('utf8', at, lt);
    const next = body[lt + 1];
    if (next === 0x3f /* ? */) {
      at = endOf(body, '?>', lt);
    } else if (next === 0x21 /* ! */) {
      if (startsAt(body, '<![CDATA[', lt)) {
        const end = endOf(body, ']]>', lt);
        if (top.children === null) top.text += body.toString('utf8', lt + 9, end - 3);
        at = end;
      } else at = endOf(body, startsAt(body, '<!--', lt) ? '-->' : '>', lt);
    } else if (next === SLASH) {
      const gt = body.indexOf(GT, lt);
      if (gt < 0) throw new XmlSyntaxError('an end tag is not closed');
      const name = localName(body.toString('latin1', lt + 2, gt).trim());
      if (name !== top.name || stack.length === 1) throw new XmlSyntaxError(`</${name}> does not close <${top.name}>`);
      stack.pop();
      close(stack[stack.length - 1]!, top);
      at = gt + 1;
    } else {
      let end = lt + 1;
      while (end < body.length && !isNameEnd(body[end]!)) end++;
      const name = localName(body.toString('latin1', lt + 1, end));
      const gt = tagEnd(body, end);
      const element: Open = { name, children: null, text: '' };
      if (top.children === null) top.children = {};
      if (body[gt - 1] === SLASH) close(top, element);
      else stack.push(element);
      at = gt + 1;
    }
  }
}

function close(parent: Open, element: Open): void {
  const value: XmlValue = element.children ?? decode(element.text.trim());
  const siblings = parent.children!;
  const prev = siblings[element.name];
  if (prev === undefined) siblings[element.name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else siblings[element.name] = [prev, value];
}

/** A value as a list: none, one or many of a repeated element. */
export function asList(value: XmlValue | undefined): XmlValue[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const startsAt = (body: Buffer, marker: string, at: number): boolean =>
  body.toString('latin1', at, at + marker.length) === marker;
const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);
const isNameEnd = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === SLASH || c === GT;

function endOf(body: Buffer, marker: string, from: number): number {
  const found = body.indexOf(marker, from);
  if (found < 0) throw new XmlSyntaxError(`no ${marker} after byte ${from}`);
  return found + marker.length;
}

/** The `>` that ends a start tag, past quoted attribute values. */
function tagEnd(body: Buffer, from: number): number {
  for (let i = from; i < body.length; i++) {
    const c = body[i];
    if (c === GT) return i;
    if (c === 0x22 || c === 0x27) {
      const quote = body.indexOf(c, i + 1);
      if (quote < 0) break;
      i = quote;
    }
  }
  throw new XmlSyntaxError('a start tag is not closed');
}
