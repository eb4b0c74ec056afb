import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { emptyCallRoutingRequest, type CallRoutingRequest } from './call-routing-request.js';
import { CurriRequestError } from './curri-request-error.js';
import { scanXacmlAttributes, type XacmlFields } from './scan-xacml-attributes.js';
import { bodyEncoding, createXacmlShapeCache } from './xacml-shape-cache.js';

/** Longest attribute value accepted: numbers and device names are far shorter; SIP URIs fit. */
const maxValueLength = 255;

/** The XACML attribute ids we read, by their last `:`-separated segment, lower-cased (docs/reference/curri.md §3.2). */
const fieldOfId = {
  callingnumber: 'callingNumber',
  callednumber: 'calledNumber',
  transformedcgpn: 'transformedCallingNumber',
  transformedcdpn: 'transformedCalledNumber',
  callingdevicename: 'callingDeviceName',
  triggerpointtype: 'triggerPointType',
} as const satisfies Record<string, keyof CallRoutingRequest>;
const wanted: ReadonlySet<string> = new Set(Object.keys(fieldOfId));
const readKnownShape = createXacmlShapeCache(wanted);

// Tag and attribute names are lower-cased so that <action>, datatype= and the like
// match (docs/reference/curri.md §3.2, sample 03). Entities are never expanded and DOCTYPEs are
// refused before parsing (XXE, billion laughs); values stay strings (no number
// parsing, which would turn "0039…" into 39…).
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  transformTagName: (name) => name.toLowerCase(),
  transformAttributeName: (name) => name.toLowerCase(),
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
});

/**
 * Reads the CURRI XACML request (docs/reference/curri.md §3.2): values are picked by AttributeId,
 * compared case-insensitively, wherever the <Attribute> sits; unknown attributes
 * are ignored. Throws CurriRequestError when the body is not usable XML or names
 * no called number.
 *
 * Plain bodies, which is what CUCM sends, go through a one-pass scanner (and a
 * body whose markup the scanner has read before, only through the shape cache);
 * anything else (comments, entities, odd markup) through fast-xml-parser's
 * validator and parser, the reference the scanner is tested against.
 */
export function parseXacmlRequest(body: Buffer | string): CallRoutingRequest {
  // A known shape has no declarations: its markup passed the scanner, and its values hold no '<'.
  const known = typeof body === 'string' ? null : readKnownShape(body);
  if (known !== null) return toRequest(known);
  const text = typeof body === 'string' ? body : body.toString(bodyEncoding(body));
  if (text.includes('<!') && /<!(DOCTYPE|ENTITY)/i.test(text))
    throw new CurriRequestError('DOCTYPE/ENTITY declarations are refused', 'bad-request');
  return toRequest(scanXacmlAttributes(text, wanted) ?? parseWithFastXmlParser(text));
}

/** The fast-xml-parser path alone; exported for the tests that hold the scanner to it. */
export function parseXacmlFieldsWithFastXmlParser(text: string): XacmlFields {
  return parseWithFastXmlParser(text);
}

/**
 * A copy of a value cut from the body that no longer points into it. V8 keeps
 * a substring of 13 characters or more as a view of the whole string: a device
 * name or trigger point kept in the decision recorder's queue would otherwise
 * keep each 1.7 KB body alive until the batch is written. Concatenation then
 * slicing makes V8 copy the characters into a string of their own.
 */
function detached(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

function toRequest(fields: XacmlFields): CallRoutingRequest {
  const request = emptyCallRoutingRequest();
  for (const [segment, value] of fields) {
    if (value.length > maxValueLength)
      throw new CurriRequestError(`an attribute value is longer than ${maxValueLength} characters`, 'bad-request');
    request[fieldOfId[segment as keyof typeof fieldOfId]] = detached(value);
  }
  if (request.calledNumber === '')
    throw new CurriRequestError('the request carries no callednumber', 'missing-called-number');
  return request;
}

function parseWithFastXmlParser(text: string): XacmlFields {
  // The parser itself is lenient (unclosed tags pass): a truncated or broken body must not be decided on.
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new CurriRequestError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`, 'bad-request');
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch (err) {
    throw new CurriRequestError(`not XML: ${(err as Error).message}`, 'bad-request');
  }
  const fields: XacmlFields = new Map();
  // Depth-first in document order; `attribute` marks elements that are <Attribute>s.
  const stack: Array<{ node: unknown; attribute: boolean }> = [{ node: tree, attribute: false }];
  while (stack.length > 0) {
    const { node, attribute } = stack.pop() as { node: unknown; attribute: boolean };
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], attribute });
      continue;
    }
    const element = node as Record<string, unknown>;
    const id = element['@_attributeid'];
    if (attribute && typeof id === 'string') {
      const segment = id
        .slice(id.lastIndexOf(':') + 1)
        .trim()
        .toLowerCase();
      // The first occurrence wins: a repeated attribute must not override what CUCM put first.
      if (wanted.has(segment) && !fields.has(segment)) fields.set(segment, valueOf(element['attributevalue']));
    }
    const keys = Object.keys(element);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (!key.startsWith('@_') && key !== '#text') stack.push({ node: element[key], attribute: key === 'attribute' });
    }
  }
  return fields;
}

function valueOf(values: unknown): string {
  const first = Array.isArray(values) ? values[0] : values;
  const raw =
    typeof first === 'string'
      ? first
      : first !== null && typeof first === 'object'
        ? (first as Record<string, unknown>)['#text']
        : undefined;
  return typeof raw === 'string' ? raw.trim() : '';
}
