import { FINE_PER_MINOR } from '../money/money-units.js';
import type { RoundingRule } from '../plan/tariff-plan.js';

/**
 * Seconds billed for `duration` connected seconds with increments I/S:
 * 0 → 0; d ≤ I → I; else I + ceil((d − I) / S) · S.
 * (60/60: 61 → 120; 30/6: 31 → 36; 1/1: 61 → 61.)
 */
export function billedSeconds(duration: number, initial: number, subsequent: number): number {
  if (duration <= 0) return 0;
  if (duration <= initial) return initial;
  return initial + Math.ceil((duration - initial) / subsequent) * subsequent;
}

const DIVISOR = 60 * FINE_PER_MINOR;

/**
 * Minor units for an amount given as 60 × fine units (connection fee × 60 +
 * Σ rate per minute × seconds), rounded once per call:
 * - up: any fraction of a minor unit is charged as a whole one;
 * - half-up: half a minor unit or more rounds up;
 * - down: fractions are dropped.
 * Exact for any safe integer (remainder arithmetic, no float division).
 */
export function toMinorUnits(amount60: number, rounding: RoundingRule): number {
  const remainder = amount60 % DIVISOR;
  const whole = (amount60 - remainder) / DIVISOR;
  if (remainder === 0) return whole;
  if (rounding === 'up') return whole + 1;
  if (rounding === 'half-up') return remainder * 2 >= DIVISOR ? whole + 1 : whole;
  return whole;
}

/** The same, for amounts past 2^53 (a very long call at a very high rate). */
export function toMinorUnitsBig(amount60: bigint, rounding: RoundingRule): number {
  const divisor = BigInt(DIVISOR);
  const remainder = amount60 % divisor;
  let whole = amount60 / divisor;
  if (remainder !== 0n && (rounding === 'up' || (rounding === 'half-up' && remainder * 2n >= divisor))) whole += 1n;
  return Number(whole);
}
