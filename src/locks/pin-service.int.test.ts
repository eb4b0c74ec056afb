import { hash } from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, TooManyAttemptsError } from '../errors/index.js';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { openPhoneLockFixture, type PhoneLockFixture } from '../../test/phone/phone-lock-fixture.js';
import { PinNotSetError, PinRejectedError, WrongPinError, type ChangeContext } from './index.js';

const user: ChangeContext = { actor: 'SEP00AA00000002', via: 'phone', role: 'user' };
const otherDevice: ChangeContext = { actor: 'SEP00AA00000006', via: 'phone', role: 'user' };
const admin: ChangeContext = { actor: 'root', via: 'cli', role: 'admin' };
const john = { extension: '3002' };
const klara = { extension: '3003' };
const louis = { extension: '3004' };
const room = { extension: '3099' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe.each(databaseKindsUnderTest())('PINs on %s', (kind) => {
  let f: PhoneLockFixture;
  beforeAll(async () => {
    f = await openPhoneLockFixture(kind);
  });
  afterAll(async () => f.close());

  it('stores provisioned PINs as argon2id hashes, never in clear', async () => {
    const rows: Array<{ pin_hash: string }> = await f.db.dataSource.query(
      'SELECT pin_hash FROM line_pins WHERE pin_hash IS NOT NULL',
    );
    // Every line of fixtures/phone-lock with a pin column: all but the meeting room 3099.
    expect(rows.length).toBe(8);
    for (const row of rows) {
      expect(row.pin_hash).toMatch(/^\$argon2id\$v=19\$/);
      expect(row.pin_hash.split('$')[3]?.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
      expect(row.pin_hash).not.toMatch(/1470|2580|3690/);
    }
  });

  it('accepts the provisioned PIN and says it is still a default one', async () => {
    expect(await f.locks.verifyPin(john, '1470', user)).toEqual({ isDefault: true });
    expect(await f.locks.pinStatus(john)).toEqual({ usable: true, isDefault: true, lockedOutUntil: null });
  });

  it('changes the PIN: the old one stops working and the new one is no longer a default', async () => {
    await f.locks.changePin(john, '1470', '5826', user);
    expect(await f.locks.verifyPin(john, '5826', user)).toEqual({ isDefault: false });
    expect(await rejection(f.locks.verifyPin(john, '1470', user))).toBeInstanceOf(WrongPinError);
    expect((await f.locks.history(john))[0]).toMatchObject({ action: 'pin-changed', via: 'phone' });
  });

  it('refuses weak or malformed new PINs without spending a PIN attempt', async () => {
    const cases: Array<[string, string, string]> = [
      ['5826', '1111', 'trivial'],
      ['5826', '4567', 'trivial'],
      ['5826', '123', 'wrong-length'],
      ['5826', '12a4', 'not-digits'],
      ['5826', '5826', 'same-as-old'],
    ];
    for (const [oldPin, newPin, problem] of cases) {
      const err = await rejection(f.locks.changePin(john, oldPin, newPin, user));
      expect(err).toBeInstanceOf(PinRejectedError);
      expect((err as PinRejectedError).problem).toBe(problem);
    }
    expect((await f.locks.pinStatus(john)).lockedOutUntil).toBeNull();
    expect(await f.locks.verifyPin(john, '5826', user)).toEqual({ isDefault: false });
  });

  it('does not let a user change the PIN without the right current PIN', async () => {
    expect(await rejection(f.locks.changePin(klara, '0000', '5826', user))).toBeInstanceOf(WrongPinError);
    expect(await f.locks.verifyPin(klara, '3690', user)).toEqual({ isDefault: true });
  });

  it('locks PIN entry out after five wrong PINs from any device, and says for how long', async () => {
    const contexts = [user, otherDevice, user, otherDevice, user];
    const left: number[] = [];
    for (const context of contexts)
      left.push(((await rejection(f.locks.verifyPin(louis, '0000', context))) as WrongPinError).attemptsLeft);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const refused = await rejection(f.locks.verifyPin(louis, '2591', otherDevice));
    expect(refused).toBeInstanceOf(TooManyAttemptsError);
    expect((refused as TooManyAttemptsError).retryAfterSeconds).toBe(15 * 60);
    expect((refused as Error).message).toMatch(/15 minutes/);
    expect((await f.locks.history(louis))[0]).toMatchObject({ action: 'pin-locked-out' });
  });

  it('keeps the lockout across a restart and lifts it when the time has passed', async () => {
    const restarted = f.restart();
    f.clock.advance(14 * 60_000);
    const refused = await rejection(restarted.verifyPin(louis, '2591', user));
    expect((refused as TooManyAttemptsError).retryAfterSeconds).toBe(60);
    f.clock.advance(60_000);
    expect(await restarted.verifyPin(louis, '2591', user)).toEqual({ isDefault: true });
  });

  it('never lets concurrent guesses exceed the limit, and then refuses even the right PIN', async () => {
    const guesses = ['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008', '0009', '0010'];
    const outcomes = await Promise.allSettled(guesses.map((g) => f.locks.verifyPin(klara, g, otherDevice)));
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).constructor.name : 'ok'));
    expect(reasons.filter((r) => r === 'WrongPinError')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'TooManyAttemptsError')).toHaveLength(5);
    expect(await rejection(f.locks.verifyPin(klara, '3690', user))).toBeInstanceOf(TooManyAttemptsError);
  });

  it('lets only an administrator reset a PIN, which also lifts a lockout', async () => {
    expect(await rejection(f.locks.resetPin(klara, user))).toBeInstanceOf(ForbiddenError);
    const { generatedPin } = await f.locks.resetPin(klara, admin);
    expect(generatedPin).toMatch(/^[0-9]{4}$/);
    expect(await f.locks.verifyPin(klara, generatedPin as string, user)).toEqual({ isDefault: true });
    expect((await f.locks.history(klara))[0]).toMatchObject({ action: 'pin-reset', actor: 'root', via: 'cli' });
  });

  it('refuses the phone service for a line with no PIN and no configured default', async () => {
    expect(await f.locks.pinStatus(room)).toMatchObject({ usable: false });
    expect(await rejection(f.locks.verifyPin(room, '1234', user))).toBeInstanceOf(PinNotSetError);
  });

  it('uses the configured default PIN for lines with none, and resets to it', async () => {
    const withDefault = f.restart({ defaultPin: '8080' });
    expect(await withDefault.pinStatus(room)).toMatchObject({ usable: true, isDefault: true });
    expect(await withDefault.verifyPin(room, '8080', user)).toEqual({ isDefault: true });
    expect(await rejection(withDefault.changePin(room, '8080', '8080', user))).toBeInstanceOf(PinRejectedError);
    await withDefault.changePin(room, '8080', '3141', user);
    expect(await rejection(withDefault.verifyPin(room, '8080', user))).toBeInstanceOf(WrongPinError);
    expect(await withDefault.resetPin(room, admin)).toEqual({ generatedPin: null });
    expect(await withDefault.verifyPin(room, '8080', user)).toEqual({ isDefault: true });
  });

  it('upgrades a PIN hash made with weaker parameters after the next right PIN', async () => {
    const lineId = (await f.locks.getLineState({ extension: '3005', partition: 'PT_Branch' })).lineId;
    const weak = await hash('8642', { timeCost: 1, memoryCost: 4096, parallelism: 1 });
    await f.db.dataSource.query(`UPDATE line_pins SET pin_hash = '${weak}' WHERE line_id = ${lineId}`);
    expect(await f.locks.verifyPin({ lineId }, '8642', user)).toEqual({ isDefault: true });
    const [row] = (await f.db.dataSource.query(`SELECT pin_hash FROM line_pins WHERE line_id = ${lineId}`)) as Array<{
      pin_hash: string;
    }>;
    expect(row?.pin_hash).not.toBe(weak);
    expect(row?.pin_hash).toContain('m=19456');
    expect(await f.locks.verifyPin({ lineId }, '8642', user)).toEqual({ isDefault: true });
  });

  it('keeps a PIN the user chose when the directory is imported again', async () => {
    expect(await f.locks.provisionPin(john, '1470', admin)).toBe('kept-user-pin');
    expect(await f.locks.provisionPin({ extension: '3001' }, '2580', admin)).toBe('unchanged');
    expect(await f.locks.provisionPin({ extension: '3001' }, '2581', admin)).toBe('set');
    expect(await f.locks.verifyPin({ extension: '3001' }, '2581', user)).toEqual({ isDefault: true });
  });
});
