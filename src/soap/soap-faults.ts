import { create } from 'xmlbuilder2';
import { AppError } from '../errors/index.js';
import { REPORTING_NS } from './build-reporting-wsdl.js';

/** SOAP 1.1's envelope namespace, the one this service speaks. */
export const ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A SOAP 1.1 fault as we send it: who is at fault, what to tell them, our error code and the HTTP status. */
export interface SoapFault {
  faultcode: 'soap:Client' | 'soap:Server' | 'soap:VersionMismatch';
  faultstring: string;
  code: string;
  httpStatus: number;
  /** Sent as Retry-After when the client may try again later. */
  retryAfterSeconds?: number;
}

export function clientFault(code: string, message: string, httpStatus = 500): SoapFault {
  return { faultcode: 'soap:Client', faultstring: message, code, httpStatus };
}

/**
 * Maps any error to a fault (docs/style.md §7): our client errors keep their
 * message; anything else is a server fault that says only "internal error"
 * (the details go to the log). WS-I Basic Profile R1126: faults travel with
 * HTTP 500, except refused credentials (401) and sign-in lockouts (429).
 */
export function faultFromError(err: unknown): SoapFault {
  if (err instanceof AppError && err.code === 'UNAVAILABLE')
    return { faultcode: 'soap:Server', faultstring: err.message, code: err.code, httpStatus: 500 };
  if (err instanceof AppError && err.isClientError) {
    const fault = clientFault(
      err.code,
      err.code === 'BAD_INPUT' ? `Bad argument: ${err.message}` : err.message,
      httpStatusOf(err),
    );
    const retryAfter = err.details?.retryAfterSeconds;
    return typeof retryAfter === 'number' ? { ...fault, retryAfterSeconds: retryAfter } : fault;
  }
  return {
    faultcode: 'soap:Server',
    faultstring: 'Internal error: the request could not be completed; see the Tollgate log',
    code: 'INTERNAL',
    httpStatus: 500,
  };
}

/**
 * Refused credentials get 401 so HTTP clients re-ask; a sign-in lockout gets
 * 429 (with Retry-After) so they back off instead of retrying at once. Both
 * still carry a SOAP Client Fault, which SOAP clients read whatever the status.
 */
function httpStatusOf(err: AppError): number {
  if (err.code === 'UNAUTHENTICATED') return 401;
  if (err.code === 'SIGN_IN_LOCKED') return 429;
  return 500;
}

/** The fault as a complete SOAP 1.1 envelope, with our error code in `detail`. */
export function renderFault(fault: SoapFault): string {
  const body = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(ENVELOPE_NS, 'soap:Envelope')
    .ele(ENVELOPE_NS, 'soap:Body')
    .ele(ENVELOPE_NS, 'soap:Fault');
  body.ele('faultcode').txt(fault.faultcode);
  body.ele('faultstring').txt(fault.faultstring);
  body.ele('detail').ele(REPORTING_NS, 'tg:Error').ele(REPORTING_NS, 'tg:Code').txt(fault.code);
  return body.end();
}

/** The `detail` of every fault, ours and the soap package's alike: tg:Error/tg:Code in the reporting namespace. */
export function faultDetailXml(code: string): string {
  return create().ele(REPORTING_NS, 'tg:Error').ele(REPORTING_NS, 'tg:Code').txt(code).doc().end({ headless: true });
}

/** SOAP 1.1 §4.4.1: an envelope in another namespace (SOAP 1.2's) is answered with a VersionMismatch fault. */
export function versionMismatchFault(namespace: string): SoapFault {
  return {
    faultcode: 'soap:VersionMismatch',
    faultstring:
      `This service speaks SOAP 1.1 (envelope namespace ${ENVELOPE_NS}); the request's ` +
      `envelope is in ${namespace || 'no namespace'}`,
    code: 'VERSION_MISMATCH',
    httpStatus: 500,
  };
}

/** The namespace of the document's root element when it is an Envelope (null when the root is something else). */
export function envelopeNamespaceOf(xml: string): string | null {
  const root = /<(?![?!])(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(xml);
  if (!root || root[2] !== 'Envelope') return null;
  for (const m of (root[3] ?? '').matchAll(/\sxmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2/g)) {
    if ((m[1] ?? undefined) === (root[1] ?? undefined)) return m[3] ?? '';
  }
  return '';
}

/** What a service method throws so that the soap package answers with this fault. */
export function soapPackageFault(fault: SoapFault): { Fault: Record<string, unknown> } {
  return {
    Fault: {
      faultcode: fault.faultcode,
      faultstring: fault.faultstring,
      detail: { $xml: faultDetailXml(fault.code) },
      statusCode: fault.httpStatus,
    },
  };
}
