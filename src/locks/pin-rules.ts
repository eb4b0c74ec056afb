import { PinRejectedError } from './lock-errors.js';

export interface PinRules {
  /** Exact number of digits of a new PIN. */
  length: number;
  rejectTrivial: boolean;
  /** The configured default PIN ('' = none): a user may not choose it. */
  defaultPin: string;
}

/** A straight run up or down (1234, 9876, 890, wrapping is not a run) or one repeated digit. */
export function isTrivialPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - (digits[i] as number));
  return steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === -1);
}

/** Shape of a PIN as typed: digits only, 4 to 8 of them (any configured length verifies). */
export function isPinShaped(pin: string): boolean {
  return /^[0-9]{4,8}$/.test(pin);
}

/** Throws PinRejectedError unless `pin` may become a user's new PIN. */
export function checkNewPin(pin: string, rules: PinRules, oldPin?: string): void {
  if (!/^[0-9]+$/.test(pin)) throw new PinRejectedError('not-digits', 'A PIN is made of digits only');
  if (pin.length !== rules.length)
    throw new PinRejectedError('wrong-length', `A PIN has exactly ${rules.length} digits`);
  if (oldPin !== undefined && pin === oldPin)
    throw new PinRejectedError('same-as-old', 'The new PIN must differ from the current one');
  if (rules.defaultPin !== '' && pin === rules.defaultPin)
    throw new PinRejectedError('same-as-default', 'The new PIN must differ from the default PIN');
  if (rules.rejectTrivial && isTrivialPin(pin))
    throw new PinRejectedError('trivial', 'The PIN is too easy to guess (one repeated digit or a straight run)');
}
