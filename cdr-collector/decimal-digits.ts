const ZERO = 0x30;

/** How many decimal digits a non-negative safe integer has. */
export function decimalDigits(v: number): number {
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  return digits;
}

/**
 * Writes a non-negative safe integer's decimal digits (ASCII) into `target`, its last digit just before `end`. Below
 * 2^31, where nearly every value of a call is, in int32 arithmetic rather than floored doubles.
 */
export function writeDecimalDigits(target: Uint8Array | Uint16Array, end: number, v: number): void {
  let at = end;
  if (v < 0x80000000) {
    let rest = v | 0;
    do {
      const tenth = (rest / 10) | 0;
      target[--at] = ZERO + rest - tenth * 10;
      rest = tenth;
    } while (rest > 0);
    return;
  }
  let rest = v;
  do {
    target[--at] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
}
