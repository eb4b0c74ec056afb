import { AppError } from '../src/errors/index.js';
import type { DecisionReason } from './call-decision.js';

/** A request CUCM (or anyone) sent that cannot be decided; answered with the failure decision, never a 4xx/5xx. */
export class CurriRequestError extends AppError {
  constructor(
    message: string,
    readonly reason: Extract<
      DecisionReason,
      'bad-request' | 'missing-called-number' | 'body-too-large' | 'unknown-context'
    >,
  ) {
    super(message, 'CURRI_BAD_REQUEST', 400, { reason });
  }
}
