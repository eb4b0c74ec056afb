const ZERO = 0x30;

/** How many decimal digits a non-negative safe integer has. */
export function decimalDigits(v: number): number {
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  return digits;
}

/** Writes a non-negative safe integer's decimal digits (ASCII) into `target`, its last digit just before `end`. */
export function writeDecimalDigits(target: Uint8Array | Uint16Array, end: number, v: number): void {
  let at = end;
  let rest = v;
  do {
    target[--at] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
}
