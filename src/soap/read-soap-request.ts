import { XMLParser } from 'fast-xml-parser';
import { BadInputError } from '../errors/index.js';

/** What the edge needs to know before the soap package takes over: the operation and the credentials offered. */
export interface SoapRequestHead {
  /** Local name of the first element in the Body. */
  operation: string;
  /** The SOAPAction header's operation (after '#' or the last '/'), when sent. */
  action: string | null;
  usernameToken: { username: string; password: string; passwordType: 'text' | 'digest' } | null;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  parseTagValue: false,
});

const PASSWORD_DIGEST = /#PasswordDigest$/;

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as Record<string, unknown>)['#text']);
  return '';
}

/**
 * Reads the envelope's operation and WS-Security UsernameToken (OASIS WSS
 * UsernameToken Profile 1.1 §3). DTDs are refused (WS-I Basic Profile R1008):
 * no entity expansion reaches our parsers.
 */
export function readSoapRequestHead(xml: string, soapActionHeader: string | undefined): SoapRequestHead {
  if (/<!DOCTYPE/i.test(xml)) throw new BadInputError('a SOAP message must not contain a DTD');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (err) {
    throw new BadInputError(`the request is not well-formed XML (${(err as Error).message.split('\n')[0]})`);
  }
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  const body = envelope?.Body;
  if (!envelope || !body || typeof body !== 'object')
    throw new BadInputError('the request is not a SOAP envelope with a Body');
  const operation = Object.keys(body).find((k) => !k.startsWith('@_') && k !== '#text');
  if (!operation) throw new BadInputError('the SOAP Body is empty: it must hold one operation element');

  const header = envelope.Header as Record<string, unknown> | undefined;
  const security = header?.Security as Record<string, unknown> | undefined;
  const token = security?.UsernameToken as Record<string, unknown> | undefined;
  let usernameToken: SoapRequestHead['usernameToken'] = null;
  if (token) {
    const password = token.Password as unknown;
    const type =
      password && typeof password === 'object' ? String((password as Record<string, unknown>)['@_Type'] ?? '') : '';
    usernameToken = {
      username: textOf(token.Username).trim(),
      password: textOf(password),
      passwordType: PASSWORD_DIGEST.test(type) ? 'digest' : 'text',
    };
  }
  const action = soapActionHeader?.replace(/^"|"$/g, '').trim();
  return { operation, action: action ? (action.split(/[#/]/).pop() ?? null) : null, usernameToken };
}

/** The user and password of an HTTP Basic Authorization header (RFC 7617), or null. */
export function readBasicCredentials(header: string | undefined): { username: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
