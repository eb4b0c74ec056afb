import type { CallRoutingRequest } from './call-routing-request.js';
import type { CurriPolicy } from './curri-policy.js';

/**
 * True when the called number (as dialled or transformed, with a trailing #, a
 * site's PSTN access code, or in E.164 with the site's country code) is an
 * emergency number of any site or the global list: one Set lookup per form.
 * Deliberately broad and dependent on nothing but the configuration: it also
 * guards the failure paths, where nothing else can be trusted.
 */
export function isEmergencyCall(
  request: Pick<CallRoutingRequest, 'calledNumber' | 'transformedCalledNumber'>,
  policy: EmergencyPolicy,
): boolean {
  return isEmergencyNumber(request.calledNumber, policy) || isEmergencyNumber(request.transformedCalledNumber, policy);
}

type EmergencyPolicy = Pick<CurriPolicy, 'emergencyNumbers' | 'emergencyNumberMaxLength'>;

function isEmergencyNumber(number: string, policy: EmergencyPolicy): boolean {
  // One more than the longest form: a trailing # ends en-bloc dialling.
  if (number === '' || number.length > policy.emergencyNumberMaxLength + 1) return false;
  const digits = number.endsWith('#') ? number.slice(0, -1) : number;
  return policy.emergencyNumbers.has(digits);
}
