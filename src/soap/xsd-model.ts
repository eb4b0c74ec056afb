/** The small part of XML Schema the reporting WSDL uses, as data, so the WSDL and the answers come from one table. */
export type XsdBuiltin = 'string' | 'int' | 'long' | 'boolean' | 'dateTime' | 'decimal';

export interface XsdElement {
  name: string;
  /** A built-in XSD type or the name of one of our types (complex or enumeration). */
  type: XsdBuiltin | `tns:${string}`;
  /** Absent is allowed (minOccurs="0"). */
  optional?: boolean;
  /** Repeats (maxOccurs="unbounded"); always optional. */
  many?: boolean;
  doc?: string;
}

export interface XsdComplexType {
  name: string;
  doc: string;
  elements: XsdElement[];
}

export interface XsdEnumeration {
  name: string;
  doc: string;
  values: readonly string[];
}

/** One document/literal operation: its request element's children and its response element's children. */
export interface SoapOperation {
  name: string;
  doc: string;
  input: XsdElement[];
  output: XsdElement[];
}

export const el = (name: string, type: XsdElement['type'], doc?: string): XsdElement => ({ name, type, doc });
export const opt = (name: string, type: XsdElement['type'], doc?: string): XsdElement => ({
  name,
  type,
  optional: true,
  doc,
});
export const many = (name: string, type: XsdElement['type'], doc?: string): XsdElement => ({
  name,
  type,
  many: true,
  doc,
});

/**
 * Copies the keys of `value` in the order the type's sequence lists them,
 * dropping absent ones: the soap package writes object keys in insertion
 * order, and xsd:sequence wants the WSDL's order.
 */
export function inSequence(elements: XsdElement[], value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of elements) {
    const v = value[e.name];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[e.name] = v;
  }
  return out;
}
