import type { CallRoutingRequest } from './call-routing-request.js';

// An AttributeId ending in callednumber or transformedcdpn, then (within a short
// distance) the text of an AttributeValue. Bounded repetition keeps it linear.
const calledValue = new RegExp(
  String.raw`AttributeId\s*=\s*["'][^"'<>]{0,120}:(callednumber|transformedcdpn)\s*["']` +
    String.raw`[^]{0,400}?<(?:[A-Za-z_][\w.-]*:)?AttributeValue[^<>]{0,200}>\s*([0-9*#+]{1,20})\s*<`,
  'gi',
);

/**
 * Best-effort called numbers from a body the parser could not use (malformed,
 * cut short by the size cap or the deadline), so that an emergency call is
 * still recognised on the failure path. Never throws.
 */
export function salvageCalledNumbers(
  body: Buffer | null,
): Pick<CallRoutingRequest, 'calledNumber' | 'transformedCalledNumber'> | null {
  if (body === null || body.length === 0) return null;
  const text = body.toString('latin1');
  let calledNumber = '';
  let transformedCalledNumber = '';
  for (const match of text.matchAll(calledValue)) {
    const kind = (match[1] as string).toLowerCase();
    if (kind === 'callednumber' && calledNumber === '') calledNumber = match[2] as string;
    if (kind === 'transformedcdpn' && transformedCalledNumber === '') transformedCalledNumber = match[2] as string;
  }
  return calledNumber === '' && transformedCalledNumber === '' ? null : { calledNumber, transformedCalledNumber };
}
