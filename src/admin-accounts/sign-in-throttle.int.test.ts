import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createSignInThrottle, SignInLockedError, type SignInThrottle } from './index.js';

const settings = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, lockoutMinutes: 15 };

async function refusal(call: Promise<void>): Promise<SignInLockedError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignInLockedError);
  return err as SignInLockedError;
}

describe.each(databaseKindsUnderTest())('sign-in throttle on %s', (kind) => {
  let db: TestDatabase;
  const clock = createManualClock('2026-12-01T10:00:00Z');
  let throttle: SignInThrottle;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  beforeEach(async () => {
    await db.dataSource.query('DELETE FROM sign_in_failures');
    clock.set('2026-12-01T10:00:00Z');
    throttle = createSignInThrottle({ dataSource: db.dataSource, clock, settings });
  });
  afterAll(async () => db.close());

  it(
    'locks an account name, in any case and from any address, after too many failures, then lets ' + 'it try again',
    async () => {
      await throttle.recordFailure('Alice', '10.0.0.1');
      await throttle.recordFailure('alice', '10.0.0.2');
      await throttle.assertAllowed('ALICE', '10.0.0.3');
      await throttle.recordFailure('ALICE ', '10.0.0.3');
      const err = await refusal(throttle.assertAllowed('alice', '10.0.0.9'));
      expect(err).toMatchObject({ code: 'SIGN_IN_LOCKED', httpStatus: 429, retryAfterSeconds: 900 });
      clock.advance(14 * 60_000);
      expect((await refusal(throttle.assertAllowed('alice', '10.0.0.9'))).retryAfterSeconds).toBe(60);
      clock.advance(60_000);
      await throttle.assertAllowed('alice', '10.0.0.9');
      // The lockout ran out: a fresh series of failures starts at one.
      await throttle.recordFailure('alice', '10.0.0.9');
      await throttle.assertAllowed('alice', '10.0.0.9');
    },
  );

  it('throttles an account name nobody has exactly like a real one', async () => {
    for (const name of ['nobody', 'root']) {
      for (let i = 0; i < settings.maxFailuresPerAccount; i++) await throttle.recordFailure(name, `192.0.2.${i}`);
      await refusal(throttle.assertAllowed(name, '192.0.2.200'));
    }
  });

  it('locks an address that guesses across many account names, but not those names elsewhere', async () => {
    for (let i = 0; i < settings.maxFailuresPerAddress; i++)
      await throttle.recordFailure(`user${i}`, '::ffff:203.0.113.7');
    await refusal(throttle.assertAllowed('someone-else', '203.0.113.7'));
    await throttle.assertAllowed('user1', '203.0.113.8');
  });

  it('keeps lockouts in the database: a restarted or second daemon sees them', async () => {
    for (let i = 0; i < settings.maxFailuresPerAccount; i++) await throttle.recordFailure('bob', '10.1.1.1');
    const other = createSignInThrottle({ dataSource: db.dataSource, clock, settings });
    await refusal(other.assertAllowed('bob', '10.9.9.9'));
  });

  it('counts every one of many failures recorded at once', async () => {
    await Promise.all(Array.from({ length: 10 }, () => throttle.recordFailure('carol', '10.2.2.2')));
    const rows = (await db.dataSource.query('SELECT scope, failures FROM sign_in_failures ORDER BY scope')) as Array<{
      failures: number;
    }>;
    expect(rows.map((r) => Number(r.failures))).toEqual([10, 10]);
  });

  it("clears the account's count on success but not the address's", async () => {
    await throttle.recordFailure('dave', '10.3.3.3');
    await throttle.recordFailure('dave', '10.3.3.3');
    await throttle.recordSuccess('Dave', '10.3.3.3');
    await throttle.recordFailure('dave', '10.3.3.3');
    await throttle.recordFailure('dave', '10.3.3.3');
    await throttle.assertAllowed('dave', '10.3.3.4');
    await throttle.recordFailure('eve', '10.3.3.3');
    await refusal(throttle.assertAllowed('frank', '10.3.3.3'));
  });

  it('forgets failures older than the window', async () => {
    await throttle.recordFailure('gina', '10.4.4.4');
    await throttle.recordFailure('gina', '10.4.4.4');
    clock.advance(15 * 60_000);
    await throttle.recordFailure('gina', '10.4.4.4');
    await throttle.assertAllowed('gina', '10.4.4.4');
  });
});
