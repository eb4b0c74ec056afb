import { AppError } from '../errors/index.js';

/**
 * CUCM's AXL service could not be used: unreachable, certificate refused, credentials refused, or still throttling
 * after the retries.
 */
export class AxlUnavailableError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(`AXL: ${message}`, 'AXL_UNAVAILABLE', 503, details);
  }
}

/** AXL answered a request with a SOAP fault it will answer again (a bad request, a missing role). */
export class AxlFaultError extends AppError {
  constructor(
    readonly operation: string,
    readonly fault: string,
    readonly axlCode: string | null,
  ) {
    super(`AXL ${operation} failed: ${fault}`, 'AXL_FAULT', 502, { operation, axlCode });
  }
}
