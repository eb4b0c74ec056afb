/**
 * Hides the last `digits` digits of a phone number with `*` (other characters
 * such as `+` stay), so a report shows where a call went without whom it reached.
 */
export function maskNumber(value: string, digits: number): string {
  if (digits <= 0) return value;
  const chars = [...value];
  let left = digits;
  for (let i = chars.length - 1; i >= 0 && left > 0; i--) {
    if (chars[i]! >= '0' && chars[i]! <= '9') {
      chars[i] = '*';
      left--;
    }
  }
  return chars.join('');
}
