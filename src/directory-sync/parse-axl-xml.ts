import { SaxesParser } from 'saxes';

/** An element with child elements: each child by its local name, an array where a name repeats. */
export interface XmlObject {
  [name: string]: XmlValue;
}
/** A leaf element is its text (entities decoded, trimmed; '' when empty). */
export type XmlValue = string | XmlObject | XmlValue[];

/** The XML is not well-formed (an AXL answer cut short, or not XML at all). */
export class XmlSyntaxError extends Error {}

interface Open {
  name: string;
  children: XmlObject | null;
  text: string;
}

/**
 * The element tree of a SOAP answer as plain objects (namespace prefixes, attributes, comments and
 * processing instructions dropped), built from saxes' events. AXL answers are large (a 1,000-row
 * page is ~400 KB) and flat: no intermediate node tree is built, and each text is a string of its
 * own, so nothing keeps the whole page's text alive once the page is mapped.
 */
export function parseAxlXml(body: Buffer): XmlObject {
  const root: Open = { name: '', children: {}, text: '' };
  const stack: Open[] = [root];
  const parser = new SaxesParser({ position: false });
  const top = (): Open => stack[stack.length - 1]!;
  parser.on('opentag', (tag) => {
    const parent = top();
    parent.children ??= {};
    stack.push({ name: localName(tag.name), children: null, text: '' });
  });
  parser.on('text', (text) => {
    const open = top();
    if (open.children === null) open.text += text;
  });
  parser.on('cdata', (text) => {
    const open = top();
    if (open.children === null) open.text += text;
  });
  parser.on('closetag', () => {
    const element = stack.pop()!;
    close(top(), element);
  });
  try {
    parser.write(body.toString('utf8')).close();
  } catch (err) {
    throw new XmlSyntaxError(err instanceof Error ? err.message : String(err));
  }
  return root.children!;
}

function close(parent: Open, element: Open): void {
  const value: XmlValue = element.children ?? ownCopy(element.text.trim());
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

/**
 * The text as a string of its own: a parser's text is a slice of the whole page's string, and one
 * kept slice keeps the page alive. Concatenating and slicing makes V8 copy it (strings under 13
 * characters are copies already).
 */
const ownCopy = (text: string): string => (text.length < 13 ? text : (text + ' ').slice(0, -1));

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);
