import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { openPhoneLockFixture, type PhoneLockFixture } from '../../test/phone/phone-lock-fixture.js';
import { LockForbiddenError, PinRejectedError, type ChangeContext } from './index.js';

const admin: ChangeContext = { actor: 'root', via: 'soap', role: 'admin' };
const supervisor: ChangeContext = { actor: 'sue', via: 'web', role: 'supervisor' };
const user: ChangeContext = { actor: 'SEP00AA00000002', via: 'phone', role: 'user' };
const john = { extension: '3002' };
const klara = { extension: '3003' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe.each(databaseKindsUnderTest())('what supervisors and administrators may do on %s', (kind) => {
  let f: PhoneLockFixture;
  beforeAll(async () => {
    f = await openPhoneLockFixture(kind);
  });
  afterAll(async () => f.close());

  it('does not let a supervisor lift an admin lock an administrator set', async () => {
    await f.locks.setLock(john, 'admin', admin);
    const err = await rejection(f.locks.clearLock(john, 'admin', supervisor));
    expect(err).toBeInstanceOf(LockForbiddenError);
    expect((err as Error).message).toBe('a supervisor may not lift an admin lock an administrator set');
    expect((await f.locks.getLineState(john)).kinds).toEqual(['admin']);
    expect((await f.locks.clearLock(john, 'admin', admin)).changed).toBe(true);
  });

  it('lets a supervisor set an admin lock and lift one a supervisor set', async () => {
    expect((await f.locks.setLock(john, 'admin', supervisor)).changed).toBe(true);
    expect((await f.locks.clearLock(john, 'admin', { ...supervisor, actor: 'another-sup' })).changed).toBe(true);
  });

  it("keeps supervisors off users' own locks and budget locks", async () => {
    await f.locks.setLock(john, 'user', user);
    expect(await rejection(f.locks.clearLock(john, 'user', supervisor))).toBeInstanceOf(LockForbiddenError);
    expect(await rejection(f.locks.setLock(john, 'budget', supervisor))).toBeInstanceOf(LockForbiddenError);
    await f.locks.clearLock(john, 'user', user);
  });

  it(
    'makes every PIN an administrator or supervisor sets follow the PIN policy; a random one is ' + 'always allowed',
    async () => {
      for (const actor of [admin, supervisor]) {
        for (const [pin, problem] of [
          ['1111', 'trivial'],
          ['1234', 'trivial'],
          ['12345', 'wrong-length'],
          ['12a4', 'not-digits'],
        ] as const) {
          const err = await rejection(f.locks.resetPin(klara, actor, { pin }));
          expect(err, `${actor.role} ${pin}`).toBeInstanceOf(PinRejectedError);
          expect((err as PinRejectedError).problem).toBe(problem);
        }
        await f.locks.resetPin(klara, actor, { pin: '4719' });
        expect(await f.locks.verifyPin(klara, '4719', user)).toEqual({ isDefault: true });
        expect((await f.locks.resetPin(klara, actor, { random: true })).generatedPin).toMatch(/^\d{4}$/);
      }
    },
  );
});
