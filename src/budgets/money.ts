import { decimalToMinor } from '../../tariffs/index.js';
import { BadInputError } from '../errors/index.js';

/**
 * An amount typed by a person ("50", "49.90", "1,234.50", "-10.00") as integer minor units of a currency,
 * by tariffs' `decimalToMinor`; a BadInputError (a client error) when it is not one.
 */
export function parseMoney(text: string, currency: string): number {
  const minor = decimalToMinor(text, currency);
  if (typeof minor !== 'number') throw new BadInputError(minor.error);
  return minor;
}
