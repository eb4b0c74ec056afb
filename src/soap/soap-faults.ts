import { create } from 'xmlbuilder2';
import { AppError } from '../errors/index.js';
import { REPORTING_NS } from './build-reporting-wsdl.js';

const ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A SOAP 1.1 fault as we send it: who is at fault, what to tell them, our error code and the HTTP status. */
export interface SoapFault {
  faultcode: 'soap:Client' | 'soap:Server';
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
  if (err instanceof AppError && err.code === 'UNAVAILABLE') return { faultcode: 'soap:Server', faultstring: err.message, code: err.code, httpStatus: 500 };
  if (err instanceof AppError && err.isClientError) {
    const fault = clientFault(err.code, err.code === 'BAD_INPUT' ? `Bad argument: ${err.message}` : err.message, httpStatusOf(err));
    const retryAfter = err.details?.retryAfterSeconds;
    return typeof retryAfter === 'number' ? { ...fault, retryAfterSeconds: retryAfter } : fault;
  }
  return { faultcode: 'soap:Server', faultstring: 'Internal error: the request could not be completed; see the Tollgate log', code: 'INTERNAL', httpStatus: 500 };
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
  const body = create({ version: '1.0', encoding: 'UTF-8' }).ele(ENVELOPE_NS, 'soap:Envelope').ele(ENVELOPE_NS, 'soap:Body').ele(ENVELOPE_NS, 'soap:Fault');
  body.ele('faultcode').txt(fault.faultcode);
  body.ele('faultstring').txt(fault.faultstring);
  body.ele('detail').ele(REPORTING_NS, 'tg:Error').ele(REPORTING_NS, 'tg:Code').txt(fault.code);
  return body.end();
}

/** What a service method throws so that the soap package answers with this fault. */
export function soapPackageFault(fault: SoapFault): { Fault: Record<string, unknown> } {
  return { Fault: { faultcode: fault.faultcode, faultstring: fault.faultstring, detail: { Error: { Code: fault.code } }, statusCode: fault.httpStatus } };
}
