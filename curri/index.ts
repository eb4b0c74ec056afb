/**
 * CUCM External Call Control (CURRI): CUCM asks, for every call attempt through
 * a pattern with an ECC profile, whether it may proceed. Tollgate answers from
 * in-memory facts (directory, locks, budget states) with XACML: Permit +
 * continue, Deny + reject, Permit + divert, or the failure decision.
 */

/** createCurri(deps) builds the whole module: facts cache, policy, service, HTTP edge, recorder, metrics, HTTPS. */
export { createCurri, type Curri, type CurriDeps } from './create-curri.js';

/** The narrow read model a decision reads, its in-memory implementation and the bulk sources it warms up from. */
export type { CurriFacts, CurriLine } from './curri-facts.js';
export { createCurriFactsCache, type CurriFactsCache, type CurriFactSources } from './curri-facts-cache.js';
export { curriLinesFromDirectory } from './curri-lines-from-directory.js';

/**
 * The pure policy: decideCall(input) → CallDecision with a reason code; compileCurriPolicy(config) builds its
 * settings.
 */
export { decideCall, type DecideCallInput } from './decide-call.js';
export { compileCurriPolicy, type CurriPolicy, type ContextPolicy, type SitePolicy } from './curri-policy.js';
export {
  decisionReasons,
  makeDecision,
  type CallDecision,
  type DecisionOutcome,
  type DecisionReason,
} from './call-decision.js';
export type { CallRoutingRequest } from './call-routing-request.js';
export type { CallDestination, DestinationClassifier } from './call-destination.js';
export { createTariffClassifier } from './classify-with-tariffs.js';
export { isEmergencyCall } from './is-emergency-call.js';

/** Wire formats: XACML request in, XACML with escaped CIXML out (docs/reference/curri.md §3, §4). */
export { parseXacmlRequest } from './parse-xacml-request.js';
export { renderXacmlResponse, type RenderOptions } from './render-xacml-response.js';
export { CurriRequestError } from './curri-request-error.js';

/** The HTTP edge: a node:http handler (in front of Express) and the same as an Express router. */
export { createCurriHttpHandler, type CurriHttpHandler } from './curri-http-handler.js';
export { createCurriRouter } from './curri-router.js';
export { createCurriService, type CurriService } from './curri-service.js';
export { createDecisionRecorder, type DecisionRecorder, type DecisionRecord } from './decision-recorder.js';
