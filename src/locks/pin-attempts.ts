/**
 * Brute-force accounting for one line, whatever device the attempts come from.
 * An attempt is counted before the PIN is checked, so concurrent guesses can
 * never exceed the limit; a right PIN then clears the count.
 */
export interface AttemptCounter {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export interface AttemptLimits {
  maxAttempts: number;
  lockoutMs: number;
}

export type AttemptDecision =
  { allowed: true; next: AttemptCounter; attemptsLeftIfWrong: number } | { allowed: false; retryAfterSeconds: number };

/** Reserves one attempt at `now`: refused while locked out; the last allowed attempt arms the lockout. */
export function reserveAttempt(counter: AttemptCounter, now: Date, limits: AttemptLimits): AttemptDecision {
  const stillLocked = counter.lockedUntil !== null && counter.lockedUntil.getTime() > now.getTime();
  if (stillLocked) {
    return {
      allowed: false,
      retryAfterSeconds: Math.ceil(((counter.lockedUntil as Date).getTime() - now.getTime()) / 1000),
    };
  }
  // A lockout that has run out starts a fresh series of attempts.
  const failed = (counter.lockedUntil !== null ? 0 : counter.failedAttempts) + 1;
  const lockedUntil = failed >= limits.maxAttempts ? new Date(now.getTime() + limits.lockoutMs) : null;
  return {
    allowed: true,
    next: { failedAttempts: failed, lockedUntil },
    attemptsLeftIfWrong: Math.max(0, limits.maxAttempts - failed),
  };
}

export const clearedCounter: AttemptCounter = { failedAttempts: 0, lockedUntil: null };
