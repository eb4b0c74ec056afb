/**
 * Errors our services throw. Each carries a stable `code` and the HTTP status the
 * web edge uses; the CURRI, SOAP and phone edges map the same codes to their own
 * protocol answers (docs/style.md §7).
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly httpStatus: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Client errors are the caller's to fix and are never logged at `error`. */
  get isClientError(): boolean {
    return this.httpStatus >= 400 && this.httpStatus < 500;
  }
}

export class BadInputError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 'BAD_INPUT', 400, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 'NOT_FOUND', 404, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 'CONFLICT', 409, details);
  }
}

export class AuthenticationError extends AppError {
  constructor(message = 'Authentication required') {
    super(message, 'UNAUTHENTICATED', 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 'FORBIDDEN', 403, details);
  }
}

export class TooManyAttemptsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 'TOO_MANY_ATTEMPTS', 429, { retryAfterSeconds });
  }
}
