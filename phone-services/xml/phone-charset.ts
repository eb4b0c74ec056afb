/** The two encodings Cisco phones accept for XML objects (Dev Notes, "Accept-Charset"). */
export type PhoneCharset = 'UTF-8' | 'ISO-8859-1';

/**
 * UTF-8 unless the phone's Accept-Charset names ISO-8859-1 and not UTF-8 (or
 * refuses UTF-8 with q=0). Older 79xx firmware sends `Accept-Charset: iso-8859-1`.
 */
export function negotiateCharset(acceptCharset: string | undefined): PhoneCharset {
  if (!acceptCharset || acceptCharset.trim() === '') return 'UTF-8';
  const offered = new Map<string, number>();
  for (const part of acceptCharset.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    offered.set(name.trim(), Number.isNaN(weight) ? 0 : weight);
  }
  const utf8 = offered.get('utf-8') ?? offered.get('utf8') ?? offered.get('*');
  if (utf8 !== undefined && utf8 > 0) return 'UTF-8';
  const latin1 = offered.get('iso-8859-1') ?? offered.get('latin1') ?? offered.get('iso_8859-1');
  if (latin1 !== undefined && latin1 > 0) return 'ISO-8859-1';
  return 'UTF-8';
}

/** Bytes of an XML document already restricted to the charset's repertoire (see fitText). */
export function encodeXml(xml: string, charset: PhoneCharset): Buffer {
  return Buffer.from(xml, charset === 'UTF-8' ? 'utf8' : 'latin1');
}
