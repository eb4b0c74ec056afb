import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import type { EventBus } from '../src/events/index.js';
import { makeDecision, type CallDecision, type DecisionReason } from './call-decision.js';
import { emptyCallRoutingRequest, type CallRoutingRequest } from './call-routing-request.js';
import { createAttemptCounter } from './attempt-counter.js';
import type { CurriFacts } from './curri-facts.js';
import type { CurriMetrics } from './curri-metrics.js';
import type { ContextPolicy, CurriPolicy } from './curri-policy.js';
import { CurriRequestError } from './curri-request-error.js';
import { decideCall } from './decide-call.js';
import type { DecisionRecorder } from './decision-recorder.js';
import type { DestinationClassifier } from './call-destination.js';
import { isEmergencyCall } from './is-emergency-call.js';
import { parseXacmlRequest } from './parse-xacml-request.js';
import { renderXacmlResponse, type RenderOptions } from './render-xacml-response.js';
import { salvageCalledNumbers } from './salvage-called-numbers.js';

export interface CurriServiceDeps {
  policy: CurriPolicy;
  facts: CurriFacts;
  classify: DestinationClassifier;
  clock: Clock;
  recorder: Pick<DecisionRecorder, 'record'>;
  metrics: CurriMetrics;
  events: EventBus;
  logger: Logger;
  render: RenderOptions;
  deadlineMs: number;
  /** Log permits at info (else at debug); other decisions are always logged at info. */
  logPermits: boolean;
}

/** Failure reasons the HTTP edge reports without a decision of the policy. */
export type EdgeFailure = Extract<DecisionReason, 'body-too-large' | 'deadline-exceeded'>;

export interface CurriService {
  /** Whether `/curri/<name>` is configured (undefined: the bare /curri, always served). */
  hasContext(name: string | undefined): boolean;
  /** Decides on a complete request body and returns the XACML answer. Never throws. */
  answer(body: Buffer, contextName: string | undefined, startedAt: number): string;
  /** The failure answer for a request that could not be read in full; emergency numbers are still permitted. */
  fail(reason: EdgeFailure, partialBody: Buffer | null, contextName: string | undefined, startedAt: number): string;
}

const emptyRequest: CallRoutingRequest = Object.freeze(emptyCallRoutingRequest());

/**
 * One CURRI request from body to answer: parse, decide from in-memory facts,
 * render, then record, count and log (all synchronous: nothing on this path
 * waits for I/O). `startedAt` is performance.now() when the request arrived.
 */
export function createCurriService(deps: CurriServiceDeps): CurriService {
  const { policy, facts, logger: log } = deps;
  const attempts = createAttemptCounter({ windowMs: policy.burst.windowMs, limit: policy.burst.maxAttempts });
  const rendered = new Map<string, string>();
  // The instant of the decision being made, read by recentAttempts (one function for every request).
  let decisionTime = 0;
  const recentAttempts = (lineId: number) => attempts.count(lineId, decisionTime);

  function contextFor(name: string | undefined): ContextPolicy | null {
    return name === undefined ? policy.rootContext : (policy.contexts.get(name) ?? null);
  }

  function failure(
    reason: DecisionReason,
    request: Pick<CallRoutingRequest, 'calledNumber' | 'transformedCalledNumber'> | null,
  ): CallDecision {
    if (request !== null && isEmergencyCall(request, policy)) return makeDecision('permit', 'emergency');
    return makeDecision(policy.failureOutcome, reason);
  }

  function render(decision: CallDecision): string {
    const key =
      `${decision.outcome}|${decision.reason}|${decision.announcement}|` +
      `${decision.destination}|${decision.divertReason}`;
    let xml = rendered.get(key);
    if (xml === undefined) {
      xml = renderXacmlResponse(decision, deps.render);
      rendered.set(key, xml);
    }
    return xml;
  }

  function finish(
    decision: CallDecision,
    request: CallRoutingRequest,
    contextName: string | undefined,
    startedAt: number,
    problem?: string,
  ): string {
    const xml = render(decision);
    const seconds = (performance.now() - startedAt) / 1000;
    const latencyUs = Math.round(seconds * 1e6);
    deps.metrics.observe(decision, seconds);
    if (decision.reason === 'emergency') {
      deps.events.emit('curri.emergency-call', {
        lineId: decision.lineId,
        callingNumber: request.callingNumber,
        calledNumber: request.calledNumber,
        at: deps.clock.now(),
      });
    }
    deps.recorder.record({
      decidedAt: deps.clock.now(),
      context: contextName ?? '',
      callingNumber: request.callingNumber,
      calledNumber: request.calledNumber,
      transformedCallingNumber: request.transformedCallingNumber,
      transformedCalledNumber: request.transformedCalledNumber,
      callingDeviceName: request.callingDeviceName,
      triggerPoint: request.triggerPointType,
      lineId: decision.lineId,
      outcome: decision.outcome,
      reason: decision.reason,
      destination: decision.destination,
      latencyUs,
    });
    // Permits are most of the traffic and all in curri_decisions: their log line is optional.
    const level = decision.outcome === 'permit' && problem === undefined && !deps.logPermits ? 'debug' : 'info';
    if (!log.isLevelEnabled(level)) return xml;
    log[level](
      {
        context: contextName ?? '',
        calling: request.callingNumber,
        called: request.calledNumber,
        outcome: decision.outcome,
        reason: decision.reason,
        lineId: decision.lineId,
        us: latencyUs,
        ...(problem ? { problem } : {}),
      },
      'curri decision',
    );
    return xml;
  }

  function countAttempt(decision: CallDecision, request: CallRoutingRequest, now: Date): void {
    if (!policy.burst.enabled || !decision.externalAttempt || decision.lineId === null) return;
    const lineId = decision.lineId;
    attempts.record(lineId, now.getTime());
    if (decision.reason === 'attempt-burst' && attempts.startBurst(lineId)) {
      deps.metrics.attemptBurst();
      const count = attempts.count(lineId, now.getTime());
      log.warn(
        { lineId, attempts: count, calling: request.callingNumber, called: request.calledNumber },
        'CURRI: external call attempt burst',
      );
      deps.events.emit('curri.attempt-burst', {
        lineId,
        attempts: count,
        windowMinutes: policy.burst.windowMs / 60_000,
        callingNumber: request.callingNumber,
        calledNumber: request.calledNumber,
        at: now,
      });
    }
  }

  return {
    hasContext: (name) => contextFor(name) !== null,
    answer(body, contextName, startedAt) {
      let request: CallRoutingRequest | null = null;
      let decision: CallDecision;
      let problem: string | undefined;
      try {
        request = parseXacmlRequest(body);
        const context = contextFor(contextName);
        if (context === null) {
          problem = `no context "${contextName}" in curri.contexts`;
          decision = failure('unknown-context', request);
        } else {
          const now = deps.clock.now();
          decisionTime = now.getTime();
          decision = decideCall({ request, context, policy, facts, classify: deps.classify, now, recentAttempts });
          countAttempt(decision, request, now);
        }
      } catch (err) {
        if (err instanceof CurriRequestError) {
          problem = err.message;
          decision = failure(err.reason, request ?? salvageCalledNumbers(body));
        } else {
          log.error({ err }, 'CURRI: decision failed; answering the failure decision');
          problem = 'internal error';
          decision = failure('internal-error', request ?? salvageCalledNumbers(body));
        }
      }
      if (performance.now() - startedAt > deps.deadlineMs && decision.reason !== 'emergency') {
        problem = `decided after the ${deps.deadlineMs} ms deadline`;
        decision = failure('deadline-exceeded', request);
      }
      return finish(decision, request ?? emptyRequest, contextName, startedAt, problem);
    },
    fail(reason, partialBody, contextName, startedAt) {
      const salvaged = salvageCalledNumbers(partialBody);
      const request = salvaged ? { ...emptyRequest, ...salvaged } : emptyRequest;
      return finish(failure(reason, salvaged), request, contextName, startedAt, reason);
    },
  };
}
