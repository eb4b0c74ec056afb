import { scanXacmlAttributes, type XacmlFields } from './scan-xacml-attributes.js';

const open = '<AttributeValue>';
const close = '</AttributeValue>';
/** A value the scanner would not take as plain text (markup, entity, CR): left to the scanner. */
const notPlain = /[<&\r]/;

/** What a known shape yields, in the scanner's order: each field with the value slot that supplies it (-1: always ''). */
type Shape = Array<{ field: string; slot: number }>;

export interface XacmlShapeCacheOptions {
  /** Shapes remembered at most (CUCM sends a handful: one per trigger point and release). */
  maxShapes?: number;
  /** Bodies longer than this are never remembered. */
  maxShapeChars?: number;
}

/**
 * CUCM sends every routing request in one of a few shapes: the same markup,
 * only the texts of the <AttributeValue> elements differ. This reader cuts
 * those texts out of a body, and when the rest (its shape) is one it has seen
 * before, reads the fields from the cut texts alone; a new shape is learnt by
 * scanning it once with numbered stand-ins for its texts. The answer is
 * therefore always the scanner's own (the tests hold both to it); a body it
 * cannot read this way gives null, and the caller scans it in full.
 */
export function createXacmlShapeCache(wanted: ReadonlySet<string>, options: XacmlShapeCacheOptions = {}): (text: string) => XacmlFields | null {
  const maxShapes = options.maxShapes ?? 32;
  const maxShapeChars = options.maxShapeChars ?? 16_384;
  // null: a shape the scanner refuses, remembered so that it is not scanned twice per request.
  const shapes = new Map<string, Shape | null>();
  const parts: string[] = [];
  const values: string[] = [];

  function learn(shape: string): Shape | null {
    let probe = '';
    for (let k = 0; k < values.length; k++) probe += `${parts[k] as string}slot${k}#`;
    probe += parts[values.length] as string;
    const fields = scanXacmlAttributes(probe, wanted);
    const learnt = fields === null ? null : shapeOf(fields);
    if (shapes.size < maxShapes && shape.length <= maxShapeChars) shapes.set(shape, learnt);
    return learnt;
  }

  return (text) => {
    parts.length = 0;
    values.length = 0;
    let from = 0;
    for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, from)) {
      const start = at + open.length;
      const end = text.indexOf(close, start);
      if (end < 0) return null;
      const value = text.slice(start, end);
      if (notPlain.test(value)) return null;
      parts.push(text.slice(from, start));
      values.push(value);
      from = end;
    }
    if (values.length === 0) return null;
    parts.push(text.slice(from));
    const shapeKey = parts.join('');
    let shape = shapes.get(shapeKey);
    if (shape === undefined) shape = learn(shapeKey);
    if (shape === null) return null;
    const fields: XacmlFields = new Map();
    for (const { field, slot } of shape) fields.set(field, slot < 0 ? '' : (values[slot] as string).trim());
    return fields;
  };
}

/** The shape read off the fields of a probe; null if a field holds anything but a stand-in or ''. */
function shapeOf(fields: XacmlFields): Shape | null {
  const shape: Shape = [];
  for (const [field, value] of fields) {
    const slot = /^slot(\d+)#$/.exec(value);
    if (slot === null && value !== '') return null;
    shape.push({ field, slot: slot === null ? -1 : Number(slot[1]) });
  }
  return shape;
}
