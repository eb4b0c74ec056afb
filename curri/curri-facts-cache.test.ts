import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus, type LockChangedEvent, type LockKind } from '../src/events/index.js';
import type { CurriLine } from './curri-facts.js';
import { createCurriFactsCache, type CurriFactSources } from './curri-facts-cache.js';

const silent = pino({ level: 'silent' });
const line = (id: number, extension: string, partition = 'PT_Internal'): CurriLine => ({
  id,
  extension,
  partition,
  site: null,
  deviceNames: [],
});

function lockEvent(lineId: number, kinds: LockKind[]): LockChangedEvent {
  return {
    lineId,
    extension: String(2000 + lineId),
    partition: 'PT_Internal',
    kinds,
    locked: kinds.length > 0,
    actor: 'test',
    via: 'cli',
    at: new Date(),
  };
}

/** A promise settled by hand, to hold a bulk load open while events arrive. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function sources(overrides: Partial<CurriFactSources> = {}): CurriFactSources {
  return {
    loadLines: async () => [line(1, '2001'), line(2, '2002'), line(3, '1001', 'PT_A'), line(4, '1001', 'PT_B')],
    loadLocks: async () => [{ lineId: 1, kinds: ['admin'] }],
    loadExhaustedBudgets: async () => [],
    ...overrides,
  };
}

describe('CURRI facts cache', () => {
  it('is ready only once the directory, the locks and the budget states are all loaded', async () => {
    const locks = deferred<Array<{ lineId: number; kinds: LockKind[] }>>();
    const cache = createCurriFactsCache({
      events: createEventBus(() => undefined),
      sources: sources({ loadLocks: () => locks.promise }),
      logger: silent,
    });
    const warming = cache.warmUp();
    await new Promise((r) => setImmediate(r));
    expect(cache.ready).toBe(false);
    locks.resolve([{ lineId: 1, kinds: ['admin'] }]);
    await warming;
    expect(cache.ready).toBe(true);
    expect(cache.linesByNumber('1001').map((l) => l.partition)).toEqual(['PT_A', 'PT_B']);
    expect(cache.lockKinds(1)).toEqual(['admin']);
    expect(cache.lockKinds(2)).toEqual([]);
    cache.close();
  });

  it('applies lock changes at once, locking and unlocking', async () => {
    const events = createEventBus(() => undefined);
    const cache = createCurriFactsCache({ events, sources: sources(), logger: silent });
    await cache.warmUp();
    events.emit('lock.changed', lockEvent(2, ['user']));
    expect(cache.lockKinds(2)).toEqual(['user']);
    events.emit('lock.changed', lockEvent(1, []));
    expect(cache.lockKinds(1)).toEqual([]);
    cache.close();
    events.emit('lock.changed', lockEvent(2, []));
    expect(cache.lockKinds(2)).toEqual(['user']);
  });

  it('keeps a lock change that arrives while the bulk load is in flight over the older loaded rows', async () => {
    const events = createEventBus(() => undefined);
    const locks = deferred<Array<{ lineId: number; kinds: LockKind[] }>>();
    const cache = createCurriFactsCache({
      events,
      sources: sources({ loadLocks: () => locks.promise }),
      logger: silent,
    });
    const warming = cache.warmUp();
    // Line 1 is unlocked and line 2 locked after the snapshot was read, before it arrives.
    events.emit('lock.changed', lockEvent(1, []));
    events.emit('lock.changed', lockEvent(2, ['admin']));
    locks.resolve([{ lineId: 1, kinds: ['admin'] }]);
    await warming;
    expect(cache.lockKinds(1)).toEqual([]);
    expect(cache.lockKinds(2)).toEqual(['admin']);
    cache.close();
  });

  it('retries a source that fails and becomes ready when it recovers', async () => {
    let calls = 0;
    const cache = createCurriFactsCache({
      events: createEventBus(() => undefined),
      sources: sources({
        loadExhaustedBudgets: async () => {
          calls++;
          if (calls === 1) throw new Error('database is locked');
          return [{ budgetId: 9, lineIds: [2] }];
        },
      }),
      logger: silent,
      retryMs: 10,
    });
    await cache.warmUp();
    expect(cache.ready).toBe(false);
    await expect.poll(() => cache.ready, { timeout: 2000 }).toBe(true);
    expect(cache.budgetExhausted(2)).toBe(true);
    cache.close();
  });

  it('reloads the directory on directory.changed, once more when it changes again mid-load', async () => {
    const events = createEventBus(() => undefined);
    let version = 0;
    const gates: Array<ReturnType<typeof deferred<void>>> = [];
    const cache = createCurriFactsCache({
      events,
      sources: sources({
        loadLines: async () => {
          const v = ++version;
          if (v > 1) {
            const gate = deferred<void>();
            gates.push(gate);
            await gate.promise;
          }
          return v === 1 ? [line(1, '2001')] : [line(1, '2001'), line(5, `300${v}`)];
        },
      }),
      logger: silent,
    });
    await cache.warmUp();
    events.emit('directory.changed', { source: 'import' });
    events.emit('directory.changed', { source: 'import' });
    events.emit('directory.changed', { source: 'import' });
    await expect.poll(() => gates.length).toBe(1);
    gates[0]?.resolve();
    await expect.poll(() => gates.length).toBe(2);
    gates[1]?.resolve();
    await expect.poll(() => cache.linesByNumber('3003').length).toBe(1);
    expect(version).toBe(3);
    expect(cache.linesByNumber('3002')).toEqual([]);
    cache.close();
  });

  it('keeps a line exhausted while any of its budgets is spent', async () => {
    const events = createEventBus(() => undefined);
    const cache = createCurriFactsCache({
      events,
      sources: sources({ loadExhaustedBudgets: async () => [{ budgetId: 1, lineIds: [1, 2] }] }),
      logger: silent,
    });
    await cache.warmUp();
    events.emit('budget.state-changed', { budgetId: 2, exhausted: true, lineIds: [2] });
    events.emit('budget.state-changed', { budgetId: 1, exhausted: false, lineIds: [1, 2] });
    expect(cache.budgetExhausted(1)).toBe(false);
    expect(cache.budgetExhausted(2)).toBe(true);
    // A spent budget whose members change: the new members only.
    events.emit('budget.state-changed', { budgetId: 2, exhausted: true, lineIds: [3] });
    expect(cache.budgetExhausted(2)).toBe(false);
    expect(cache.budgetExhausted(3)).toBe(true);
    cache.close();
  });

  it('reloads the directory when a line it does not know yet is locked (imported by another process)', async () => {
    const events = createEventBus(() => undefined);
    let loads = 0;
    const cache = createCurriFactsCache({
      events,
      sources: sources({
        loadLines: async () => (++loads === 1 ? [line(1, '2001')] : [line(1, '2001'), line(9, '2009')]),
      }),
      logger: silent,
    });
    await cache.warmUp();
    events.emit('lock.changed', lockEvent(1, ['user']));
    expect(loads).toBe(1);
    events.emit('lock.changed', lockEvent(9, ['admin']));
    await expect.poll(() => cache.linesByNumber('2009').length).toBe(1);
    expect(cache.lockKinds(9)).toEqual(['admin']);
    cache.close();
  });

  it('reloads the directory when a budget governing a line it does not know yet is spent', async () => {
    const events = createEventBus(() => undefined);
    let loads = 0;
    const cache = createCurriFactsCache({
      events,
      sources: sources({
        loadLines: async () => (++loads === 1 ? [line(1, '2001')] : [line(1, '2001'), line(9, '2009')]),
      }),
      logger: silent,
    });
    await cache.warmUp();
    events.emit('budget.state-changed', { budgetId: 4, exhausted: true, lineIds: [1, 9] });
    await expect.poll(() => cache.linesByNumber('2009').length).toBe(1);
    expect(cache.budgetExhausted(9)).toBe(true);
    cache.close();
  });
});
