import { AppError, ForbiddenError } from '../errors/index.js';
import type { LockKind } from '../events/index.js';

/** Why a new PIN was refused; each edge words it for its user. */
export type PinProblem = 'not-digits' | 'wrong-length' | 'trivial' | 'same-as-old' | 'same-as-default';

export class PinRejectedError extends AppError {
  constructor(
    readonly problem: PinProblem,
    message: string,
  ) {
    super(message, 'PIN_REJECTED', 400, { problem });
  }
}

/** The PIN given does not match; `attemptsLeft` before the line's PIN entry is locked out. */
export class WrongPinError extends AppError {
  constructor(readonly attemptsLeft: number) {
    super('Wrong PIN', 'WRONG_PIN', 403, { attemptsLeft });
  }
}

/** The line has no PIN and no default PIN is configured: an administrator must reset it. */
export class PinNotSetError extends AppError {
  constructor() {
    super('No PIN is set for this line; an administrator must reset it', 'PIN_NOT_SET', 409);
  }
}

/** The actor may not set or clear this kind of lock (e.g. a user clearing an admin lock). */
export class LockForbiddenError extends ForbiddenError {
  constructor(
    readonly kind: LockKind,
    message: string,
  ) {
    super(message, { kind });
  }
}
