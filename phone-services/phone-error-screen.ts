import type { Logger } from 'pino';
import { AppError, BadInputError, NotFoundError, TooManyAttemptsError } from '../src/errors/index.js';
import {
  LockForbiddenError,
  PinNotSetError,
  PinRejectedError,
  WrongPinError,
  type PinProblem,
} from '../src/locks/index.js';
import type { PhoneRequest } from './phone-request.js';
import { resultScreen } from './phone-screens.js';
import type { PhoneText } from './xml/phone-objects.js';

const pinProblemText = {
  'not-digits': 'errors.pinRejected.notDigits',
  'wrong-length': 'errors.pinRejected.wrongLength',
  trivial: 'errors.pinRejected.trivial',
  'same-as-old': 'errors.pinRejected.sameAsOld',
  'same-as-default': 'errors.pinRejected.sameAsDefault',
} as const satisfies Record<PinProblem, string>;

/**
 * Every failure a phone user can meet, as a CiscoIPPhoneText in their language
 * (docs/style.md §7: the phone edge maps AppError codes to a screen). Only
 * unexpected errors are logged at error level.
 */
export function errorScreen(err: unknown, r: PhoneRequest, retryUrl: string | undefined, log: Logger): PhoneText {
  const t = r.t;
  const line = r.line ?? undefined;
  const screen = (text: string, retry?: string) =>
    resultScreen(r.screen, {
      prompt: t('errors.prompt'),
      text,
      ...(line ? { line } : {}),
      ...(retry ? { retryUrl: retry } : {}),
    });
  if (err instanceof WrongPinError) {
    if (err.attemptsLeft <= 0) return screen(t('errors.wrongPinBlocked'));
    return screen(t('errors.wrongPin', { count: err.attemptsLeft }), retryUrl);
  }
  if (err instanceof TooManyAttemptsError) {
    return screen(t('errors.lockedOut', { count: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) }));
  }
  if (err instanceof PinNotSetError) return screen(t('errors.pinNotSet'));
  if (err instanceof PinRejectedError) {
    return screen(t(pinProblemText[err.problem], { count: r.screen.pinLength }), retryUrl);
  }
  if (err instanceof LockForbiddenError) {
    const label = line?.label ?? '';
    return screen(t(err.kind === 'budget' ? 'errors.budgetLocked' : 'errors.adminLocked', { line: label }));
  }
  if (err instanceof BadInputError) return screen(t('errors.enterPin'), retryUrl);
  if (err instanceof NotFoundError) return screen(t('errors.unknownLine'));
  if (err instanceof AppError && err.isClientError) {
    log.info({ code: err.code, msg: err.message }, 'phone request refused');
    return screen(t('errors.unavailable'));
  }
  log.error({ err }, 'phone service failed');
  return screen(t('errors.unavailable'));
}
