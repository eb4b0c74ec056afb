/** Why a call got its answer: recorded, counted in metrics and logged with every decision. */
export const decisionReasons = [
  'emergency',
  'always-allowed',
  'internal',
  'locked-user',
  'locked-admin',
  'locked-budget',
  'budget-exhausted',
  'outside-working-hours',
  'attempt-burst',
  'unknown-caller',
  'allowed',
  'bad-request',
  'missing-called-number',
  'body-too-large',
  'unknown-context',
  'facts-not-ready',
  'internal-error',
  'deadline-exceeded',
] as const;

export type DecisionReason = (typeof decisionReasons)[number];

/**
 * How CUCM is told to handle the call:
 * - permit: Permit + continue (optionally after a greeting announcement);
 * - deny: Deny + reject (optionally with an announcement);
 * - divert: Permit + divert to `destination`;
 * - indeterminate / notapplicable: CUCM applies the profile's call treatment on failures.
 */
export type DecisionOutcome = 'permit' | 'deny' | 'divert' | 'indeterminate' | 'notapplicable';

export interface CallDecision {
  outcome: DecisionOutcome;
  reason: DecisionReason;
  /** CUCM announcement identifier to play ('' = none); permit and deny only. */
  announcement: string;
  /** Divert destination ('' unless outcome is divert). */
  destination: string;
  /** CIXML <reason> sent with a divert ('' = none). */
  divertReason: string;
  /** The calling line the decision was about, when known. */
  lineId: number | null;
  /** True when this was an external call attempt by a known line (counted by the burst rule). */
  externalAttempt: boolean;
}

/** A decision with only the required fields given. */
export function makeDecision(
  outcome: DecisionOutcome,
  reason: DecisionReason,
  extra: Partial<Omit<CallDecision, 'outcome' | 'reason'>> = {},
): CallDecision {
  return {
    outcome,
    reason,
    announcement: '',
    destination: '',
    divertReason: '',
    lineId: null,
    externalAttempt: false,
    ...extra,
  };
}
