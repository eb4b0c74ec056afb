import { EntitySchema } from 'typeorm';
import { dateAsEpochMs } from '../epoch-transformer.js';

/** Who a run of failed sign-ins is counted against: an account name (lower case) or a client address. */
export type SignInFailureScope = 'account' | 'address';

/** Failed sign-ins of one account or address in the current window, and the lockout they armed. */
export interface SignInFailureRow {
  scope: SignInFailureScope;
  subject: string;
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

const epoch = { type: 'bigint' as const, transformer: dateAsEpochMs };

export const signInFailureEntity = new EntitySchema<SignInFailureRow>({
  name: 'SignInFailure',
  tableName: 'sign_in_failures',
  columns: {
    scope: { type: 'varchar', length: 8, primary: true },
    subject: { type: 'varchar', length: 255, primary: true },
    failures: { type: 'integer', default: 0 },
    windowStartedAt: { name: 'window_started_at', ...epoch },
    lockedUntil: { name: 'locked_until', ...epoch, nullable: true },
  },
});
