import { scanXacmlAttributes, type XacmlFields } from './scan-xacml-attributes.js';

const open = '<AttributeValue>';
const close = '</AttributeValue>';
/** How much of a body its encoding is read from (the XML declaration). */
const headBytes = 120;

/**
 * How CUCM's body is to be decoded: its declaration says UTF-8 while the header says ISO-8859-1
 * (docs/reference/curri.md §8); the declaration wins.
 */
export function bodyEncoding(body: Buffer): 'latin1' | 'utf8' {
  const head = body.toString('latin1', 0, headBytes);
  return /encoding\s*=\s*["']\s*(iso-8859-1|latin1|us-ascii)/i.test(head) ? 'latin1' : 'utf8';
}

/** A known shape: its markup (the bytes around the value slots, as Latin-1 text) and what each field is read from. */
interface Shape {
  /** One more part than there are slots. */
  parts: string[];
  encoding: 'latin1' | 'utf8';
  /** The fields in the scanner's order, each with the slot that supplies it (-1: always ''). */
  fields: Array<{ field: string; slot: number }>;
}

export interface XacmlShapeCacheOptions {
  /** Shapes remembered at most (CUCM sends a handful: one per trigger point and release). */
  maxShapes?: number;
  /** Bodies longer than this are never remembered. */
  maxShapeBytes?: number;
}

/**
 * CUCM sends every routing request in one of a few shapes: the same markup,
 * only the texts of the <AttributeValue> elements differ. This reader finds
 * those texts in the body's bytes (read as Latin-1: one byte, one character)
 * and, when the bytes around them are a shape it has seen before, takes the
 * texts alone: no decoding of the body as XML text, no scan of its markup. A
 * new shape is learnt by scanning it once with numbered stand-ins for its
 * texts, so the answer is always the scanner's own (the tests hold both to
 * it). A body it cannot read this way gives null, and the caller decodes and
 * scans it in full.
 */
export function createXacmlShapeCache(
  wanted: ReadonlySet<string>,
  options: XacmlShapeCacheOptions = {},
): (body: Buffer) => XacmlFields | null {
  const maxShapes = options.maxShapes ?? 32;
  const maxShapeBytes = options.maxShapeBytes ?? 16_384;
  // Most recently matched first: CUCM's traffic is nearly all one shape.
  const shapes: Shape[] = [];
  // Slot k spans [slotStarts[k], slotEnds[k]) of the body being read.
  const slotStarts: number[] = [];
  const slotEnds: number[] = [];

  function findSlots(bytes: string): boolean {
    slotStarts.length = 0;
    slotEnds.length = 0;
    let from = 0;
    for (let at = bytes.indexOf(open, from); at >= 0; at = bytes.indexOf(open, from)) {
      const start = at + open.length;
      const end = bytes.indexOf(close, start);
      if (end < 0) return false;
      slotStarts.push(start);
      slotEnds.push(end);
      from = end;
    }
    return slotStarts.length > 0;
  }

  /** No value holds markup, an entity or a CR (bytes below 0x80 are ASCII in both encodings). */
  function valuesArePlain(bytes: string): boolean {
    for (let k = 0; k < slotStarts.length; k++) {
      for (let i = slotStarts[k] as number, end = slotEnds[k] as number; i < end; i++) {
        const byte = bytes.charCodeAt(i);
        if (byte === 0x3c || byte === 0x26 || byte === 0x0d) return false;
      }
    }
    return true;
  }

  function matches(shape: Shape, bytes: string): boolean {
    const slots = slotStarts.length;
    if (shape.parts.length !== slots + 1) return false;
    for (let k = 0; k <= slots; k++) {
      const from = k === 0 ? 0 : (slotEnds[k - 1] as number);
      const to = k === slots ? bytes.length : (slotStarts[k] as number);
      const part = shape.parts[k] as string;
      // slice + === compares flat memory; startsWith(part, from) is a character loop (about 100× slower here).
      if (to - from !== part.length || bytes.slice(from, to) !== part) return false;
    }
    return true;
  }

  function learn(body: Buffer, bytes: string): Shape | null {
    const slots = slotStarts.length;
    // The encoding must come from the markup alone for the shape to decide it for every body.
    if (body.length > maxShapeBytes || (slotStarts[0] as number) < headBytes) return null;
    const encoding = bodyEncoding(body);
    const parts: string[] = [];
    let probe = '';
    for (let k = 0; k <= slots; k++) {
      // A copy, not a view of this body.
      const part = Buffer.from(
        bytes.slice(k === 0 ? 0 : (slotEnds[k - 1] as number), k === slots ? bytes.length : (slotStarts[k] as number)),
        'latin1',
      );
      parts.push(part.toString('latin1'));
      probe += part.toString(encoding) + (k < slots ? `slot${k}#` : '');
    }
    const scanned = scanXacmlAttributes(probe, wanted);
    const fields = scanned === null ? null : fieldsOf(scanned);
    if (fields === null) return null;
    const shape: Shape = { parts, encoding, fields };
    if (shapes.length >= maxShapes) shapes.pop();
    shapes.unshift(shape);
    return shape;
  }

  return (body) => {
    const bytes = body.toString('latin1');
    if (!findSlots(bytes)) return null;
    let shape: Shape | null = null;
    for (let i = 0; i < shapes.length; i++) {
      const candidate = shapes[i] as Shape;
      if (!matches(candidate, bytes)) continue;
      shape = candidate;
      if (i > 0) {
        shapes.splice(i, 1);
        shapes.unshift(candidate);
      }
      break;
    }
    if (!valuesArePlain(bytes)) return null;
    shape ??= learn(body, bytes);
    if (shape === null) return null;
    const fields: XacmlFields = new Map();
    for (const { field, slot } of shape.fields) {
      if (slot < 0) {
        fields.set(field, '');
        continue;
      }
      const start = slotStarts[slot] as number;
      const end = slotEnds[slot] as number;
      const raw =
        shape.encoding === 'utf8' && !isAscii(bytes, start, end)
          ? body.toString('utf8', start, end)
          : bytes.slice(start, end);
      fields.set(field, raw.trim());
    }
    return fields;
  };
}

/** The fields read off a probe, by slot; null if a field holds anything but a stand-in or ''. */
function fieldsOf(scanned: XacmlFields): Shape['fields'] | null {
  const fields: Shape['fields'] = [];
  for (const [field, value] of scanned) {
    const slot = /^slot(\d+)#$/.exec(value);
    if (slot === null && value !== '') return null;
    fields.push({ field, slot: slot === null ? -1 : Number(slot[1]) });
  }
  return fields;
}

function isAscii(bytes: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes.charCodeAt(i) > 0x7f) return false;
  return true;
}
