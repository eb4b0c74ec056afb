import { describe, expect, it } from 'vitest';
import { PinRejectedError } from './lock-errors.js';
import { reserveAttempt } from './pin-attempts.js';
import { checkNewPin, isTrivialPin } from './pin-rules.js';

const rules = { length: 4, rejectTrivial: true, defaultPin: '0000' };
const problemOf = (pin: string, old?: string) => {
  try {
    checkNewPin(pin, rules, old);
    return null;
  } catch (err) {
    return (err as PinRejectedError).problem;
  }
};

describe('new PIN rules', () => {
  it('accepts a PIN of the configured length that is not trivial', () => {
    expect(problemOf('5826')).toBeNull();
    expect(problemOf('1243')).toBeNull();
  });
  it('names what is wrong with a refused PIN', () => {
    expect(problemOf('12 4')).toBe('not-digits');
    expect(problemOf('58261')).toBe('wrong-length');
    expect(problemOf('0000')).toBe('same-as-default');
    expect(problemOf('5826', '5826')).toBe('same-as-old');
    expect(problemOf('7777')).toBe('trivial');
  });
  it('calls straight runs and repeated digits trivial, but not other PINs', () => {
    expect(['1234', '9876', '4567', '3333', '12345678'].every(isTrivialPin)).toBe(true);
    expect(['1243', '9870', '1357', '2580'].some(isTrivialPin)).toBe(false);
  });
  it('honours a longer configured length', () => {
    expect(() => checkNewPin('582641', { ...rules, length: 6 })).not.toThrow();
    expect(() => checkNewPin('5826', { ...rules, length: 6 })).toThrow(PinRejectedError);
  });
});

describe('PIN attempt accounting', () => {
  const limits = { maxAttempts: 3, lockoutMs: 600_000 };
  const at = (s: string) => new Date(`2026-03-02T${s}Z`);
  it('arms the lockout with the last allowed attempt', () => {
    let counter = { failedAttempts: 0, lockedUntil: null as Date | null };
    const left: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = reserveAttempt(counter, at('09:00:00'), limits);
      if (!d.allowed) throw new Error('refused too early');
      left.push(d.attemptsLeftIfWrong);
      counter = d.next;
    }
    expect(left).toEqual([2, 1, 0]);
    expect(counter.lockedUntil).toEqual(at('09:10:00'));
    expect(reserveAttempt(counter, at('09:09:01'), limits)).toEqual({ allowed: false, retryAfterSeconds: 59 });
  });
  it('starts a fresh series once the lockout has run out', () => {
    const d = reserveAttempt({ failedAttempts: 3, lockedUntil: at('09:10:00') }, at('09:10:00'), limits);
    expect(d).toMatchObject({ allowed: true, next: { failedAttempts: 1, lockedUntil: null }, attemptsLeftIfWrong: 2 });
  });
});
