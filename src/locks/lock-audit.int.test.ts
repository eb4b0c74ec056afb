import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { openPhoneLockFixture, type PhoneLockFixture } from '../../test/phone/phone-lock-fixture.js';
import type { ChangeContext } from './index.js';

const anna = { extension: '3001', partition: 'PT_Internal' };
const john = { extension: '3002' };

describe.each(databaseKindsUnderTest())('lock and PIN changes in the audit log on %s', (kind) => {
  let f: PhoneLockFixture;
  beforeAll(async () => {
    f = await openPhoneLockFixture(kind);
  });
  afterAll(async () => f.close());

  it(
    "audits administrators' and supervisors' lock changes and PIN resets with who, role, door and " + 'address',
    async () => {
      const admin: ChangeContext = {
        actor: 'root',
        via: 'soap',
        role: 'admin',
        from: '192.0.2.7',
        reason: 'left the company',
      };
      const sup: ChangeContext = { actor: 'sue', via: 'web', role: 'supervisor', from: '192.0.2.8' };
      await f.locks.setLock(anna, 'admin', admin);
      await f.locks.setLock(john, 'admin', sup);
      await f.locks.resetPin(john, sup, { random: true });
      const entries = await f.audit.list({ limit: 10, offset: 0 });
      expect(entries.map((e) => [e.action, e.actor, e.role, e.via, e.from, e.target])).toEqual([
        ['pin.reset', 'sue', 'supervisor', 'web', '192.0.2.8', '3002 (PT_Internal)'],
        ['lock.set', 'sue', 'supervisor', 'web', '192.0.2.8', '3002 (PT_Internal)'],
        ['lock.set', 'root', 'admin', 'soap', '192.0.2.7', '3001 (PT_Internal)'],
      ]);
      expect(entries[0]!.detail).toEqual({ mode: 'random' });
      expect(entries[2]!.detail).toEqual({
        kind: 'admin',
        kindsBefore: [],
        kindsAfter: ['admin'],
        reason: 'left the company',
      });
      expect(JSON.stringify(entries)).not.toMatch(/"\d{4}"/);
    },
  );

  it("does not audit a user's own lock changes or the budget engine's (they are in the lock history)", async () => {
    const before = (await f.audit.list({ limit: 100, offset: 0 })).length;
    await f.locks.setLock(anna, 'user', { actor: 'SEP00AA00000001', via: 'phone', role: 'user' });
    await f.locks.setLock(anna, 'budget', { actor: 'budget:7', via: 'budget', role: 'system' });
    expect(await f.audit.list({ limit: 100, offset: 0 })).toHaveLength(before);
  });
});
