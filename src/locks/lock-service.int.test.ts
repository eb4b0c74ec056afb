import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError } from '../errors/index.js';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { openPhoneLockFixture, type PhoneLockFixture } from '../../test/phone/phone-lock-fixture.js';
import { LockForbiddenError } from './index.js';
import type { ChangeContext } from './index.js';

const anna = { extension: '3001', partition: 'PT_Internal' };
const john = { extension: '3002' };
const onPhone: ChangeContext = { actor: 'SEP00AA00000001', via: 'phone', role: 'user' };
const admin: ChangeContext = { actor: 'root', via: 'cli', role: 'admin' };
const budgetEngine: ChangeContext = {
  actor: 'budget:7',
  via: 'budget',
  role: 'system',
  reason: 'Monthly budget spent',
};

describe.each(databaseKindsUnderTest())('lock service on %s', (kind) => {
  let f: PhoneLockFixture;
  beforeAll(async () => {
    f = await openPhoneLockFixture(kind);
  });
  afterAll(async () => f.close());

  it('locks a line with a user lock, records the change and publishes it once', async () => {
    f.lockEvents.length = 0;
    const result = await f.locks.setLock(anna, 'user', onPhone);
    expect(result.changed).toBe(true);
    expect(result.state).toMatchObject({ extension: '3001', partition: 'PT_Internal', locked: true, kinds: ['user'] });
    expect(result.state.locks[0]).toMatchObject({ kind: 'user', actor: 'SEP00AA00000001', via: 'phone' });
    expect(f.lockEvents).toEqual([
      {
        lineId: result.state.lineId,
        extension: '3001',
        partition: 'PT_Internal',
        kinds: ['user'],
        locked: true,
        actor: 'SEP00AA00000001',
        via: 'phone',
        at: f.clock.now(),
      },
    ]);
    const [entry] = await f.locks.history(anna);
    expect(entry).toMatchObject({
      action: 'set',
      kind: 'user',
      kindsBefore: [],
      kindsAfter: ['user'],
      actor: 'SEP00AA00000001',
      via: 'phone',
    });
  });

  it('treats setting a lock that already holds as no change: nothing recorded or published', async () => {
    const before = (await f.locks.history(anna)).length;
    f.lockEvents.length = 0;
    const result = await f.locks.setLock(anna, 'user', onPhone);
    expect(result.changed).toBe(false);
    expect(result.state.kinds).toEqual(['user']);
    expect(f.lockEvents).toHaveLength(0);
    expect(await f.locks.history(anna)).toHaveLength(before);
  });

  it('keeps the line locked while any lock holds', async () => {
    await f.locks.setLock(anna, 'budget', budgetEngine);
    const cleared = await f.locks.clearLock(anna, 'user', onPhone);
    expect(cleared.state).toMatchObject({ locked: true, kinds: ['budget'] });
    expect(f.lockEvents.at(-1)).toMatchObject({ kinds: ['budget'], locked: true, via: 'phone' });
    const unlocked = await f.locks.clearLock(anna, 'budget', budgetEngine);
    expect(unlocked.state).toMatchObject({ locked: false, kinds: [] });
    expect(f.lockEvents.at(-1)).toMatchObject({ kinds: [], locked: false, via: 'budget', actor: 'budget:7' });
  });

  it('refuses a user setting or clearing an admin lock and the budget engine clearing it', async () => {
    await expect(f.locks.setLock(john, 'admin', onPhone)).rejects.toBeInstanceOf(LockForbiddenError);
    await f.locks.setLock(john, 'admin', admin);
    await expect(f.locks.clearLock(john, 'admin', onPhone)).rejects.toBeInstanceOf(LockForbiddenError);
    await expect(f.locks.clearLock(john, 'admin', budgetEngine)).rejects.toBeInstanceOf(LockForbiddenError);
    await expect(f.locks.setLock(john, 'budget', onPhone)).rejects.toBeInstanceOf(LockForbiddenError);
    expect((await f.locks.getLineState(john)).kinds).toEqual(['admin']);
    await f.locks.clearLock(john, 'admin', admin);
    expect((await f.locks.getLineState(john)).locked).toBe(false);
  });

  it('lists every locked line with its kinds in one read, for cache warm-up', async () => {
    await f.locks.setLock({ extension: '3003' }, 'user', onPhone);
    await f.locks.setLock({ extension: '3005', partition: 'PT_Branch' }, 'admin', admin);
    await f.locks.setLock({ extension: '3005', partition: 'PT_Branch' }, 'budget', budgetEngine);
    const locked = await f.restart().lockedLines();
    expect(locked.map((l) => [l.extension, l.partition, l.kinds])).toEqual(
      expect.arrayContaining([
        ['3003', 'PT_Internal', ['user']],
        ['3005', 'PT_Branch', ['admin', 'budget']],
      ]),
    );
    expect(locked.every((l) => l.locked)).toBe(true);
    expect(locked.find((l) => l.extension === '3005' && l.partition === 'PT_Internal')).toBeUndefined();
  });

  it('asks for the partition when an extension exists in several, and says when a line is unknown', async () => {
    await expect(f.locks.getLineState({ extension: '3005' })).rejects.toThrow(BadInputError);
    await expect(f.locks.getLineState({ extension: '3005' })).rejects.toThrow(
      /PT_Branch, PT_Internal|PT_Internal, PT_Branch/,
    );
    await expect(f.locks.getLineState({ extension: '9999' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(f.locks.getLineState({ extension: '3001', partition: 'PT_Other' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(f.locks.setLock({ lineId: 987654 }, 'user', onPhone)).rejects.toBeInstanceOf(NotFoundError);
  });

  it(
    'publishes the state of lines another process (the CLI) changed, once per line, with who ' + 'changed them last',
    async () => {
      const cli = f.otherProcess();
      f.lockEvents.length = 0;
      await cli.setLock({ extension: '3004' }, 'admin', admin);
      await cli.setLock({ extension: '3004' }, 'budget', budgetEngine);
      expect(f.lockEvents).toEqual([]);
      const { lineId } = await f.locks.getLineState({ extension: '3004' });
      expect(await f.locks.publishChangedLines([lineId, lineId])).toBe(1);
      expect(f.lockEvents).toEqual([
        expect.objectContaining({
          extension: '3004',
          kinds: ['admin', 'budget'],
          locked: true,
          actor: 'budget:7',
          via: 'budget',
        }),
      ]);
      await cli.clearLock({ extension: '3004' }, 'admin', admin);
      await cli.clearLock({ extension: '3004' }, 'budget', admin);
      expect(await f.locks.publishChangedLines([lineId])).toBe(1);
      expect(f.lockEvents.at(-1)).toMatchObject({ extension: '3004', kinds: [], locked: false, via: 'cli' });
    },
  );

  it('keeps the history newest first and pages backwards', async () => {
    const all = await f.locks.history(anna, { limit: 100 });
    expect(all.map((h) => h.action)).toEqual(['clear', 'clear', 'set', 'set', 'pin-provisioned']);
    const page = await f.locks.history(anna, { limit: 2, beforeId: all[1]?.id });
    expect(page.map((h) => h.id)).toEqual([all[2]?.id, all[3]?.id]);
  });
});
