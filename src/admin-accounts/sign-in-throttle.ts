import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { AppError } from '../errors/index.js';
import { signInFailureEntity, type SignInFailureRow, type SignInFailureScope } from '../store/index.js';

/** Refused before the password is even checked: too many failed sign-ins for the account or from the address. */
export class SignInLockedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
      'SIGN_IN_LOCKED',
      429,
      { retryAfterSeconds },
    );
  }
}

export interface SignInThrottleSettings {
  /** Failures of one account name within the window that lock it. */
  maxFailuresPerAccount: number;
  /** Failures from one client address within the window (any account names) that lock it. */
  maxFailuresPerAddress: number;
  /** Both the counting window and the length of a lockout. */
  lockoutMinutes: number;
}

export interface SignInThrottle {
  /**
   * Throws SignInLockedError (an AppError, HTTP 429, with retryAfterSeconds) when the account or the address is
   * locked out.
   */
  assertAllowed(account: string, address: string): Promise<void>;
  recordFailure(account: string, address: string): Promise<void>;
  recordSuccess(account: string, address: string): Promise<void>;
}

const SUBJECT_MAX = 255;

/**
 * Account names compare case-insensitively; an IPv4 client seen through a dual-stack socket counts as its IPv4
 * address.
 */
export function signInSubjects(
  account: string,
  address: string,
): Array<{ scope: SignInFailureScope; subject: string }> {
  return [
    { scope: 'account', subject: account.trim().toLowerCase().slice(0, SUBJECT_MAX) },
    { scope: 'address', subject: address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').slice(0, SUBJECT_MAX) },
  ];
}

/**
 * Slows password guessing against admin accounts (SOAP, web): failures are
 * counted per account name and per client address in `sign_in_failures`, so
 * every daemon on the database shares them and a lockout survives restarts.
 * Unknown account names are counted exactly like known ones (no enumeration).
 * A success clears the account's count, not the address's: otherwise one valid
 * account would let its owner keep guessing at others.
 */
export function createSignInThrottle(deps: {
  dataSource: DataSource;
  clock: Clock;
  settings: SignInThrottleSettings;
}): SignInThrottle {
  const { dataSource, clock, settings } = deps;
  const lockoutMs = settings.lockoutMinutes * 60_000;
  const limitOf = (scope: SignInFailureScope) =>
    scope === 'account' ? settings.maxFailuresPerAccount : settings.maxFailuresPerAddress;
  const repo = () => dataSource.getRepository<SignInFailureRow>(signInFailureEntity.options.name);
  const sqlite = dataSource.options.type === 'better-sqlite3';

  /** One statement, so concurrent failures from several daemons are all counted (no read-modify-write). */
  async function countFailure(scope: SignInFailureScope, subject: string): Promise<void> {
    const now = clock.now().getTime();
    const values: unknown[] = [];
    const p = (value: unknown) => {
      values.push(value);
      return sqlite ? '?' : `$${values.length}`;
    };
    const t = 'sign_in_failures';
    const max = limitOf(scope);
    const stale = () => `${t}.window_started_at <= ${p(now - lockoutMs)}`;
    const firstLock = max <= 1 ? now + lockoutMs : null;
    // Placeholders are taken in order of appearance (SQLite binds `?` by position).
    const insert = `INSERT INTO ${t} (scope, subject, failures, window_started_at, locked_until)
      VALUES (${p(scope)}, ${p(subject)}, 1, ${p(now)}, ${p(firstLock)})`;
    const update = `ON CONFLICT (scope, subject) DO UPDATE SET
      failures = CASE WHEN ${stale()} THEN 1 ELSE ${t}.failures + 1 END,
      window_started_at = CASE WHEN ${stale()} THEN ${p(now)} ELSE ${t}.window_started_at END,
      locked_until = CASE WHEN ${stale()} THEN ${p(firstLock)}
        WHEN ${t}.failures + 1 >= ${p(max)} THEN ${p(now + lockoutMs)}
        ELSE ${t}.locked_until END`;
    await dataSource.query(`${insert} ${update}`, values);
  }

  return {
    async assertAllowed(account, address) {
      const rows = await repo().findBy(signInSubjects(account, address));
      const now = clock.now().getTime();
      const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
      if (until > now) throw new SignInLockedError(Math.ceil((until - now) / 1000));
    },
    async recordFailure(account, address) {
      for (const { scope, subject } of signInSubjects(account, address)) await countFailure(scope, subject);
    },
    async recordSuccess(account) {
      const [accountKey] = signInSubjects(account, '');
      await repo().delete(accountKey!);
    },
  };
}
