import type { LockKind } from '../src/events/index.js';
import { makeDecision, type CallDecision } from './call-decision.js';
import type { CallRoutingRequest } from './call-routing-request.js';
import type { CurriFacts, CurriLine } from './curri-facts.js';
import type { ContextPolicy, CurriPolicy, SitePolicy } from './curri-policy.js';
import type { CallDestination, DestinationClassifier } from './call-destination.js';
import { isEmergencyCall } from './is-emergency-call.js';
import { isWithinWorkingHours } from './is-within-working-hours.js';

export interface DecideCallInput {
  request: CallRoutingRequest;
  context: ContextPolicy;
  policy: CurriPolicy;
  facts: CurriFacts;
  classify: DestinationClassifier;
  now: Date;
  /** External attempts the line made within the burst window, before this one. */
  recentAttempts(lineId: number): number;
}

const lockPriority: readonly LockKind[] = ['admin', 'user', 'budget'];

/**
 * The call control policy, in order (issue 6): emergency, always-allowed,
 * internal, locked line, spent budget, working hours, attempt burst, unknown
 * caller, otherwise permit. Pure: every fact comes in through the input.
 */
export function decideCall(input: DecideCallInput): CallDecision {
  const { request, context, policy, facts } = input;
  if (isEmergencyCall(request, policy)) return makeDecision('permit', 'emergency');
  if (isAlwaysAllowed(request, policy)) return makeDecision('permit', 'always-allowed');
  if (!facts.ready) return makeDecision(policy.failureOutcome, 'facts-not-ready');

  const line = callingLine(request, context, facts);
  const lineId = line?.id ?? null;
  const site = siteOf(line?.site ?? context.site, policy);
  // Every form of the called number CUCM sends is read, and the most restrictive
  // reading wins (issue 14): digits that look internal (an abbreviated dial, an
  // extension) may be transformed to an external number (tail-end hop-off).
  const dialled = request.calledNumber !== '' ? request.calledNumber : request.transformedCalledNumber;
  const transformed = request.transformedCalledNumber !== dialled ? request.transformedCalledNumber : '';
  const siteConfig = context.siteConfigs?.get(site.name) ?? site.config;
  const first = input.classify(dialled, siteConfig);
  const second = transformed !== '' ? input.classify(transformed, siteConfig) : null;
  if (first.kind === 'emergency' || second?.kind === 'emergency') {
    return makeDecision('permit', 'emergency', { lineId });
  }
  const internalPatterns = context.internalPatterns ?? site.internalPatterns;
  const firstLeaves = !isInternal(dialled, first, internalPatterns, context, facts);
  const secondLeaves = second !== null && !isInternal(transformed, second, internalPatterns, context, facts);
  if (!firstLeaves && !secondLeaves) return makeDecision('permit', 'internal', { lineId });
  // The forms that leave the site are the call's destinations; an unrecognised one
  // is ignored when the other form is recognised as external (a feature code, say).
  const firstCounts = firstLeaves && !(first.kind === 'unrecognized' && secondLeaves && second?.kind === 'external');
  const secondCounts = secondLeaves && !(second?.kind === 'unrecognized' && firstLeaves && first.kind === 'external');

  if (line === null) {
    if (policy.unknownCaller === 'permit')
      return makeDecision('permit', 'unknown-caller', { announcement: policy.announcements.unknownCaller });
    if (policy.unknownCaller === 'deny')
      return makeDecision('deny', 'unknown-caller', { announcement: policy.announcements.unknownCaller });
    return makeDecision('indeterminate', 'unknown-caller');
  }
  const attempt = { lineId: line.id, externalAttempt: true };
  const lock = strongestLock(facts.lockKinds(line.id));
  if (lock !== null) {
    const reason = lock === 'admin' ? 'locked-admin' : lock === 'user' ? 'locked-user' : 'locked-budget';
    if (policy.locked.treatment === 'divert') {
      return makeDecision('divert', reason, {
        ...attempt,
        destination: policy.locked.destination,
        divertReason: policy.locked.divertReason,
      });
    }
    return makeDecision('deny', reason, { ...attempt, announcement: policy.announcements.locked });
  }
  const chargeable = (firstCounts && first.chargeable) || (secondCounts && second !== null && second.chargeable);
  if (chargeable && facts.budgetExhausted(line.id)) {
    return makeDecision('deny', 'budget-exhausted', { ...attempt, announcement: policy.announcements.budgetExhausted });
  }
  const hours = policy.workingHours;
  const restricted =
    hours.enabled &&
    ((firstCounts && isRestrictedAfterHours(first, hours.destinationTypes)) ||
      (secondCounts && second !== null && isRestrictedAfterHours(second, hours.destinationTypes)));
  if (restricted && !isWithinWorkingHours(input.now, site, hours)) {
    return makeDecision('deny', 'outside-working-hours', {
      ...attempt,
      announcement: policy.announcements.outsideWorkingHours,
    });
  }
  if (policy.burst.enabled && input.recentAttempts(line.id) >= policy.burst.maxAttempts) {
    return makeDecision('deny', 'attempt-burst', { ...attempt, announcement: policy.announcements.attemptBurst });
  }
  return makeDecision('permit', 'allowed', attempt);
}

/** 'international' in the list stands for any destination abroad, whatever its type. */
function isRestrictedAfterHours(destination: CallDestination, types: ReadonlySet<string>): boolean {
  if (destination.international && types.has('international')) return true;
  return destination.destinationType !== null && types.has(destination.destinationType);
}

/** Every form CUCM sends must be always-allowed: one alone may be transformed to anywhere. */
function isAlwaysAllowed(request: CallRoutingRequest, policy: CurriPolicy): boolean {
  const { calledNumber, transformedCalledNumber } = request;
  if (calledNumber === '' && transformedCalledNumber === '') return false;
  const other = transformedCalledNumber !== calledNumber ? transformedCalledNumber : '';
  if (calledNumber !== '' && !matchesAlwaysAllowed(calledNumber, policy)) return false;
  return other === '' || matchesAlwaysAllowed(other, policy);
}

function matchesAlwaysAllowed(number: string, policy: CurriPolicy): boolean {
  if (policy.alwaysAllowedExact.has(number)) return true;
  for (const prefix of policy.alwaysAllowedPrefixes) if (number.startsWith(prefix)) return true;
  return false;
}

/** One form of the called number stays inside: classified internal, a line of the context, or an internal pattern. */
function isInternal(
  number: string,
  destination: CallDestination,
  patterns: readonly RegExp[],
  context: ContextPolicy,
  facts: CurriFacts,
): boolean {
  return destination.kind === 'internal' || isKnownNumber(number, context, facts) || matchesAny(patterns, number);
}

function linesInContext(number: string, context: ContextPolicy, facts: CurriFacts): readonly CurriLine[] {
  if (number === '') return [];
  const lines = facts.linesByNumber(number);
  const partitions = context.partitions;
  if (partitions === null) return lines;
  // Loops rather than callbacks here and below: this runs on every call attempt.
  const inContext: CurriLine[] = [];
  for (const l of lines) if (partitions.has(l.partition)) inContext.push(l);
  return inContext;
}

function isKnownNumber(number: string, context: ContextPolicy, facts: CurriFacts): boolean {
  return linesInContext(number, context, facts).length > 0;
}

/**
 * The caller's line: by calling number, else by the transformed calling number,
 * narrowed to the calling device when CUCM names it. CUCM sends no partition, so
 * an extension still ambiguous after that resolves to its most restricted line:
 * a lock on an overlapping line is never bypassed (use one context per partition set).
 */
function callingLine(request: CallRoutingRequest, context: ContextPolicy, facts: CurriFacts): CurriLine | null {
  let lines = linesInContext(request.callingNumber, context, facts);
  if (lines.length === 0 && request.transformedCallingNumber !== request.callingNumber) {
    lines = linesInContext(request.transformedCallingNumber, context, facts);
  }
  if (lines.length <= 1) return lines[0] ?? null;
  const device = request.callingDeviceName.toUpperCase();
  if (device !== '') {
    const onDevice = lines.filter((l) => l.deviceNames.some((d) => d.toUpperCase() === device));
    if (onDevice.length === 1) return onDevice[0] as CurriLine;
    if (onDevice.length > 1) lines = onDevice;
  }
  const restriction = (l: CurriLine) => (facts.lockKinds(l.id).length > 0 ? 2 : facts.budgetExhausted(l.id) ? 1 : 0);
  return lines.reduce((worst, l) => (restriction(l) > restriction(worst) ? l : worst));
}

function matchesAny(patterns: readonly RegExp[], value: string): boolean {
  for (const p of patterns) if (p.test(value)) return true;
  return false;
}

function strongestLock(kinds: readonly LockKind[]): LockKind | null {
  if (kinds.length === 0) return null;
  for (const k of lockPriority) if (kinds.includes(k)) return k;
  return kinds[0] as LockKind;
}

function siteOf(name: string | null, policy: CurriPolicy): SitePolicy {
  return (name !== null ? policy.sites.get(name) : undefined) ?? policy.defaultSite;
}
