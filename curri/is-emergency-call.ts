import type { CallRoutingRequest } from './call-routing-request.js';
import type { CurriPolicy } from './curri-policy.js';

/**
 * True when the called number (as dialled or transformed, with a trailing # or
 * a site's PSTN access code) is an emergency number of any site or the global
 * list. Deliberately broad and dependent on nothing but the configuration: it
 * also guards the failure paths, where nothing else can be trusted.
 */
export function isEmergencyCall(request: Pick<CallRoutingRequest, 'calledNumber' | 'transformedCalledNumber'>, policy: Pick<CurriPolicy, 'emergencyNumbers'>): boolean {
  return isEmergencyNumber(request.calledNumber, policy) || isEmergencyNumber(request.transformedCalledNumber, policy);
}

function isEmergencyNumber(number: string, policy: Pick<CurriPolicy, 'emergencyNumbers'>): boolean {
  if (number === '' || number.length > 12) return false;
  const digits = number.endsWith('#') ? number.slice(0, -1) : number;
  return policy.emergencyNumbers.has(digits);
}
