import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus, type LockKind } from '../src/events/index.js';
import { curriTestConfig } from '../test/curri/curri-test-kit.js';
import { decisionReasons } from './call-decision.js';
import type { CallRoutingRequest } from './call-routing-request.js';
import { createTariffClassifier } from './classify-with-tariffs.js';
import type { CurriLine } from './curri-facts.js';
import { createCurriFactsCache } from './curri-facts-cache.js';
import { compileCurriPolicy } from './curri-policy.js';
import { decideCall } from './decide-call.js';
import { isEmergencyCall } from './is-emergency-call.js';

const line = (id: number, extension: string, partition = 'PT_Internal', deviceNames: string[] = []): CurriLine => ({
  id,
  extension,
  partition,
  site: 'default',
  deviceNames,
});

const directory: CurriLine[] = [
  line(1, '2001', 'PT_Internal', ['SEP001122334401']),
  line(2, '2002'),
  line(3, '50102'),
  line(4, '1001', 'PT_Sales', ['SEP001122334455']),
  line(5, '1001', 'PT_Support', ['SEP0011223344AA']),
  line(6, '+19725550199'),
];

interface World {
  curri?: Record<string, unknown>;
  locks?: Array<{ lineId: number; kinds: LockKind[] }>;
  exhausted?: Array<{ budgetId: number; lineIds: number[] }>;
  loaded?: boolean;
}

/** The policy over real facts: the in-memory cache warmed from these rows, and the tariff module's classifier. */
async function world(w: World = {}) {
  const config = curriTestConfig(w.curri ?? {});
  const policy = compileCurriPolicy(config.curri, config.sites);
  const events = createEventBus(() => undefined);
  const facts = createCurriFactsCache({
    events,
    logger: pino({ level: 'silent' }),
    sources: {
      loadLines: async () => directory,
      loadLocks: async () => w.locks ?? [],
      loadExhaustedBudgets: async () => w.exhausted ?? [],
    },
    retryMs: 60_000,
  });
  if (w.loaded !== false) await facts.warmUp();
  const classify = createTariffClassifier();
  return {
    events,
    decide(request: Partial<CallRoutingRequest>, options: { context?: string; now?: string; attempts?: number } = {}) {
      const context = options.context === undefined ? policy.rootContext : policy.contexts.get(options.context);
      if (!context) throw new Error(`no context ${options.context}`);
      return decideCall({
        request: {
          callingNumber: '',
          calledNumber: '',
          transformedCallingNumber: '',
          transformedCalledNumber: '',
          callingDeviceName: '',
          triggerPointType: 'translationpattern',
          ...request,
        },
        context,
        policy,
        facts,
        classify,
        now: new Date(options.now ?? '2026-03-02T16:00:00Z'),
        recentAttempts: () => options.attempts ?? 0,
      });
    },
    close: () => facts.close(),
  };
}

// As dialled at the Dallas site: access code 9, then 1 900 555 1234 (a dialled number always carries the access code).
const premium = '919005551234';

describe('decideCall: emergency numbers', () => {
  it('permits 911, 9911 (with the access code) and 112 from a line under every kind of lock', async () => {
    const w = await world({
      locks: [{ lineId: 1, kinds: ['user', 'admin', 'budget'] }],
      exhausted: [{ budgetId: 1, lineIds: [1] }],
    });
    for (const called of ['911', '9911', '112', '933', '911#']) {
      expect(w.decide({ callingNumber: '2001', calledNumber: called })).toMatchObject({
        outcome: 'permit',
        reason: 'emergency',
      });
    }
  });

  it('permits an emergency number given only in the transformed called number', async () => {
    const w = await world({ locks: [{ lineId: 1, kinds: ['admin'] }] });
    expect(w.decide({ callingNumber: '2001', calledNumber: '*99', transformedCalledNumber: '911' })).toMatchObject({
      outcome: 'permit',
      reason: 'emergency',
    });
  });

  it('permits emergency numbers before the facts are loaded, while other calls get the failure decision', async () => {
    const w = await world({ loaded: false });
    expect(w.decide({ callingNumber: '2001', calledNumber: '911' })).toMatchObject({
      outcome: 'permit',
      reason: 'emergency',
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium })).toMatchObject({
      outcome: 'indeterminate',
      reason: 'facts-not-ready',
    });
  });
});

describe('decideCall: always-allowed and internal calls', () => {
  it('permits always-allowed numbers, exact or by prefix, to a locked line', async () => {
    const w = await world({
      curri: { alwaysAllowed: ['918005550100', '+1888*', '91888*'] },
      locks: [{ lineId: 1, kinds: ['admin'] }],
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '918005550100' })).toMatchObject({
      outcome: 'permit',
      reason: 'always-allowed',
    });
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '918885550100', transformedCalledNumber: '+18885550100' }),
    ).toMatchObject({ reason: 'always-allowed' });
    expect(w.decide({ callingNumber: '2001', calledNumber: '918775550100' })).toMatchObject({
      outcome: 'deny',
      reason: 'locked-admin',
    });
  });

  it('permits an always-allowed number only when every form CUCM sends is always-allowed', async () => {
    const w = await world({
      curri: { alwaysAllowed: ['918005550100', '+1888*'] },
      locks: [{ lineId: 1, kinds: ['admin'] }],
    });
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '918005550100', transformedCalledNumber: '+442079460000' }),
    ).toMatchObject({ outcome: 'deny', reason: 'locked-admin' });
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '918885550100', transformedCalledNumber: '+18885550100' }),
    ).toMatchObject({ outcome: 'deny', reason: 'locked-admin' });
  });

  it('lets a locked line call a known extension, and a number matching the site internal patterns', async () => {
    const w = await world({ locks: [{ lineId: 1, kinds: ['user'] }] });
    expect(w.decide({ callingNumber: '2001', calledNumber: '50102', transformedCalledNumber: '50102' })).toMatchObject({
      outcome: 'permit',
      reason: 'internal',
      lineId: 1,
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '3999' })).toMatchObject({
      outcome: 'permit',
      reason: 'internal',
    });
  });

  it(
    'treats a call as internal when every form of the called number is: an extension globalised to ' + 'a known line',
    async () => {
      const w = await world({ locks: [{ lineId: 1, kinds: ['user'] }] });
      expect(
        w.decide({ callingNumber: '2001', calledNumber: '5199', transformedCalledNumber: '+19725550199' }),
      ).toMatchObject({ reason: 'internal' });
      expect(
        w.decide({ callingNumber: '2001', calledNumber: '+19725550199', transformedCalledNumber: '+19725550199' }),
      ).toMatchObject({ reason: 'internal' });
    },
  );

  it(
    "treats an extension globalised to the site's own numbers as internal once an internal pattern " + 'covers them',
    async () => {
      const locks = [{ lineId: 1, kinds: ['user'] as LockKind[] }];
      const plain = await world({ locks });
      expect(
        plain.decide({ callingNumber: '2001', calledNumber: '50102', transformedCalledNumber: '+19725550102' }),
      ).toMatchObject({ outcome: 'deny', reason: 'locked-user' });
      const withRange = await world({
        locks,
        curri: { contexts: { default: { internalPatterns: ['^[1-8][0-9]{3}$', '^\\+1972555[0-9]{4}$'] } } },
      });
      expect(
        withRange.decide({ callingNumber: '2001', calledNumber: '50102', transformedCalledNumber: '+19725550102' }),
      ).toMatchObject({ outcome: 'permit', reason: 'internal' });
    },
  );

  it("uses a context's own internal patterns instead of the site's", async () => {
    const w = await world({
      curri: { contexts: { lab: { internalPatterns: ['^7[0-9]{2}$'] } } },
      locks: [{ lineId: 1, kinds: ['user'] }],
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '701' }, { context: 'lab' })).toMatchObject({
      reason: 'internal',
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '3999' }, { context: 'lab' })).toMatchObject({
      outcome: 'deny',
      reason: 'locked-user',
    });
  });
});

describe('decideCall: locked lines', () => {
  it('denies external calls of a locked line, naming the strongest lock', async () => {
    const w = await world({
      locks: [
        { lineId: 1, kinds: ['user', 'admin'] },
        { lineId: 2, kinds: ['budget'] },
      ],
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '919725550123' })).toMatchObject({
      outcome: 'deny',
      reason: 'locked-admin',
      lineId: 1,
      externalAttempt: true,
    });
    expect(w.decide({ callingNumber: '2002', calledNumber: '919725550123' })).toMatchObject({
      outcome: 'deny',
      reason: 'locked-budget',
    });
  });

  it('diverts locked lines when configured, and attaches the configured announcement to a deny', async () => {
    const divert = await world({
      curri: { locked: { treatment: 'divert', divertDestination: '5999' } },
      locks: [{ lineId: 1, kinds: ['user'] }],
    });
    expect(divert.decide({ callingNumber: '2001', calledNumber: premium })).toMatchObject({
      outcome: 'divert',
      destination: '5999',
      divertReason: 'chaperone',
      reason: 'locked-user',
    });
    const announced = await world({
      curri: { announcements: { locked: 'custom_locked' } },
      locks: [{ lineId: 1, kinds: ['user'] }],
    });
    expect(announced.decide({ callingNumber: '2001', calledNumber: premium })).toMatchObject({
      outcome: 'deny',
      announcement: 'custom_locked',
    });
  });

  it('finds the caller by the transformed calling number when the raw one is not a line', async () => {
    const w = await world({ locks: [{ lineId: 6, kinds: ['admin'] }] });
    expect(
      w.decide({ callingNumber: '5550199', transformedCallingNumber: '+19725550199', calledNumber: premium }),
    ).toMatchObject({ reason: 'locked-admin', lineId: 6 });
  });
});

describe('decideCall: a called number that looks internal but is transformed to an external one (issue 14)', () => {
  // An abbreviated dial (5555 matches the internal patterns) or an extension (2002), with tail-end hop-off abroad.
  const hopOff = [
    { calledNumber: '5555', transformedCalledNumber: '9011442079460000' },
    { calledNumber: '5555', transformedCalledNumber: '+442079460000' },
    { calledNumber: '2002', transformedCalledNumber: '+442079460000' },
    { calledNumber: '+442079460000', transformedCalledNumber: '5555' },
  ];

  it('denies it to a locked line', async () => {
    const w = await world({ locks: [{ lineId: 1, kinds: ['admin'] }] });
    for (const called of hopOff) {
      expect(w.decide({ callingNumber: '2001', ...called })).toMatchObject({
        outcome: 'deny',
        reason: 'locked-admin',
        externalAttempt: true,
      });
    }
  });

  it('denies it once the budget is spent, outside working hours, and in a burst', async () => {
    const spent = await world({ exhausted: [{ budgetId: 1, lineIds: [1] }] });
    const hours = await world({ curri: { workingHours: { enabled: true } } });
    const burst = await world({ curri: { burst: { enabled: true, maxAttempts: 5 } } });
    for (const called of hopOff) {
      expect(spent.decide({ callingNumber: '2001', ...called })).toMatchObject({
        outcome: 'deny',
        reason: 'budget-exhausted',
      });
      expect(hours.decide({ callingNumber: '2001', ...called }, { now: '2026-03-01T16:00:00Z' })).toMatchObject({
        reason: 'outside-working-hours',
      });
      expect(burst.decide({ callingNumber: '2001', ...called }, { attempts: 5 })).toMatchObject({
        reason: 'attempt-burst',
      });
    }
  });

  it('still permits it to a free line, counting it as an external attempt', async () => {
    const w = await world();
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '5555', transformedCalledNumber: '+442079460000' }),
    ).toMatchObject({
      outcome: 'permit',
      reason: 'allowed',
      externalAttempt: true,
    });
  });

  it('still permits an emergency number in any form, whatever the other form', async () => {
    const w = await world({ locks: [{ lineId: 1, kinds: ['admin'] }] });
    expect(w.decide({ callingNumber: '2001', calledNumber: '5555', transformedCalledNumber: '911' })).toMatchObject({
      reason: 'emergency',
    });
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '9911', transformedCalledNumber: '+442079460000' }),
    ).toMatchObject({ reason: 'emergency' });
  });
});

describe('decideCall: emergency numbers in E.164 and with the prefixes (issue 14)', () => {
  const milan = {
    country: 'IT',
    pstnAccessCode: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[1-7][0-9]{2,4}$'],
    emergencyNumbers: ['112'],
    timeZone: 'Europe/Rome',
  };

  it("permits every form of a site's emergency numbers to a locked line", async () => {
    const config = curriTestConfig({}, { milan });
    const policy = compileCurriPolicy(config.curri, config.sites);
    for (const called of [
      '112',
      '0112',
      '+39112',
      '0039112',
      '00039112',
      '+39112#',
      '911',
      '9911',
      '+1911',
      '0111911',
      '90111911',
    ]) {
      expect(isEmergencyCall({ calledNumber: '5555', transformedCalledNumber: called }, policy)).toBe(true);
      expect(isEmergencyCall({ calledNumber: called, transformedCalledNumber: '' }, policy)).toBe(true);
    }
    for (const called of ['+39114', '+44112', '0044112', '39112', '+391120', '1120']) {
      expect(isEmergencyCall({ calledNumber: called, transformedCalledNumber: '' }, policy)).toBe(false);
    }
    const w = await world({ locks: [{ lineId: 1, kinds: ['admin'] }] });
    for (const called of ['+1911', '+1933', '0111911', '90111933']) {
      expect(w.decide({ callingNumber: '2001', calledNumber: called })).toMatchObject({
        outcome: 'permit',
        reason: 'emergency',
      });
    }
  });
});

describe('decideCall: overlapping extensions', () => {
  const locks = [{ lineId: 4, kinds: ['user'] as LockKind[] }];

  it("tells overlapping extensions apart by the context's partitions", async () => {
    const w = await world({
      curri: { contexts: { sales: { partitions: ['PT_Sales'] }, support: { partitions: ['PT_Support'] } } },
      locks,
    });
    expect(w.decide({ callingNumber: '1001', calledNumber: premium }, { context: 'sales' })).toMatchObject({
      outcome: 'deny',
      lineId: 4,
    });
    expect(w.decide({ callingNumber: '1001', calledNumber: premium }, { context: 'support' })).toMatchObject({
      outcome: 'permit',
      lineId: 5,
    });
  });

  it('tells them apart by the calling device when CUCM sends it', async () => {
    const w = await world({ locks });
    expect(
      w.decide({ callingNumber: '1001', calledNumber: premium, callingDeviceName: 'SEP0011223344AA' }),
    ).toMatchObject({ outcome: 'permit', lineId: 5 });
    expect(
      w.decide({ callingNumber: '1001', calledNumber: premium, callingDeviceName: 'sep001122334455' }),
    ).toMatchObject({ outcome: 'deny', lineId: 4 });
  });

  it('applies the most restricted line when nothing tells them apart, so a lock is never bypassed', async () => {
    const w = await world({ locks });
    expect(w.decide({ callingNumber: '1001', calledNumber: premium })).toMatchObject({ outcome: 'deny', lineId: 4 });
  });
});

describe('decideCall: budgets', () => {
  it('denies chargeable destinations once the budget is spent, and still permits toll-free ones', async () => {
    const w = await world({
      exhausted: [{ budgetId: 7, lineIds: [1] }],
      curri: { announcements: { budgetExhausted: 'custom_budget' } },
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium })).toMatchObject({
      outcome: 'deny',
      reason: 'budget-exhausted',
      announcement: 'custom_budget',
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '918005550100' })).toMatchObject({
      outcome: 'permit',
      reason: 'allowed',
    });
    expect(w.decide({ callingNumber: '2002', calledNumber: premium })).toMatchObject({
      outcome: 'permit',
      reason: 'allowed',
    });
  });

  it('follows budget events: spent, then renewed', async () => {
    const w = await world();
    w.events.emit('budget.state-changed', { budgetId: 3, exhausted: true, lineIds: [2] });
    expect(w.decide({ callingNumber: '2002', calledNumber: premium })).toMatchObject({ reason: 'budget-exhausted' });
    w.events.emit('budget.state-changed', { budgetId: 3, exhausted: false, lineIds: [2] });
    expect(w.decide({ callingNumber: '2002', calledNumber: premium })).toMatchObject({ reason: 'allowed' });
  });
});

describe('decideCall: optional rules', () => {
  const hours = { workingHours: { enabled: true, days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' } };

  it('leaves working hours and burst rules off by default', async () => {
    const w = await world();
    expect(
      w.decide({ callingNumber: '2001', calledNumber: premium }, { now: '2026-03-01T06:00:00Z', attempts: 10_000 }),
    ).toMatchObject({ reason: 'allowed' });
  });

  it("denies premium and international calls outside working hours in the site's time zone", async () => {
    const w = await world({ curri: hours });
    // 2026-03-02 is a Monday; 16:00Z is 10:00 in Dallas, 01:00Z on Tuesday is 19:00 on Monday there.
    expect(w.decide({ callingNumber: '2001', calledNumber: premium }, { now: '2026-03-02T16:00:00Z' })).toMatchObject({
      reason: 'allowed',
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium }, { now: '2026-03-03T01:00:00Z' })).toMatchObject({
      outcome: 'deny',
      reason: 'outside-working-hours',
    });
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '9011442079460123' }, { now: '2026-03-01T16:00:00Z' }),
    ).toMatchObject({ reason: 'outside-working-hours' });
    expect(
      w.decide({ callingNumber: '2001', calledNumber: '919725550123' }, { now: '2026-03-01T16:00:00Z' }),
    ).toMatchObject({ reason: 'allowed' });
  });

  it('handles a working window that spans midnight', async () => {
    const w = await world({
      curri: { workingHours: { enabled: true, days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' } },
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium }, { now: '2026-03-03T05:00:00Z' })).toMatchObject({
      reason: 'allowed',
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium }, { now: '2026-03-02T18:00:00Z' })).toMatchObject({
      reason: 'outside-working-hours',
    });
  });

  it('denies a burst of external attempts once the limit is reached', async () => {
    const w = await world({ curri: { burst: { enabled: true, maxAttempts: 5, windowMinutes: 10 } } });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium }, { attempts: 4 })).toMatchObject({
      reason: 'allowed',
      externalAttempt: true,
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: premium }, { attempts: 5 })).toMatchObject({
      outcome: 'deny',
      reason: 'attempt-burst',
    });
    expect(w.decide({ callingNumber: '2001', calledNumber: '2002' }, { attempts: 50 })).toMatchObject({
      reason: 'internal',
      externalAttempt: false,
    });
  });
});

describe('decideCall: unknown callers', () => {
  it('permits them by default and follows the configured policy otherwise', async () => {
    expect((await world()).decide({ callingNumber: '+12025550154', calledNumber: premium })).toMatchObject({
      outcome: 'permit',
      reason: 'unknown-caller',
    });
    expect(
      (await world({ curri: { unknownCaller: 'deny' } })).decide({
        callingNumber: '+12025550154',
        calledNumber: premium,
      }),
    ).toMatchObject({ outcome: 'deny', reason: 'unknown-caller' });
    expect(
      (await world({ curri: { unknownCaller: 'indeterminate' } })).decide({ callingNumber: '', calledNumber: premium }),
    ).toMatchObject({ outcome: 'indeterminate', reason: 'unknown-caller' });
  });

  it('still lets unknown callers reach internal numbers', async () => {
    const w = await world({ curri: { unknownCaller: 'deny' } });
    expect(
      w.decide({ callingNumber: '+12025550154', calledNumber: '50102', triggerPointType: 'directorynumber' }),
    ).toMatchObject({ outcome: 'permit', reason: 'internal' });
  });
});

describe('decideCall: reasons', () => {
  it('gives every decision a reason code from the published list', async () => {
    const w = await world({ locks: [{ lineId: 1, kinds: ['user'] }], exhausted: [{ budgetId: 1, lineIds: [2] }] });
    for (const callingNumber of ['2001', '2002', '1001', '', '999999']) {
      for (const calledNumber of ['911', '50102', premium, '918005550100', '*67', 'sip:x@y']) {
        expect(decisionReasons).toContain(w.decide({ callingNumber, calledNumber }).reason);
      }
    }
  });
});
