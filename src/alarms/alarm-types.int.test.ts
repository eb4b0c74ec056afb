import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmTestKit, testDoor, type AlarmTestKit } from '../../test/alarms/alarm-fixture.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { at, insertCalls, makeCall, seedDirectory, type Seeded } from '../../test/reports/call-fixtures.js';
import { cdrFileEntity, type CallRow } from '../store/index.js';
import type { AlarmDraftInput } from './index.js';

const admin = { name: 'root', role: 'admin' as const };
/** Wednesday 10 February 2021 carries the offending calls; Wednesday 17 February only harmless ones. */
const DIRTY_RUN = '2021-02-11T00:00:00Z';
const CLEAN_RUN = '2021-02-18T00:00:00Z';

async function seed(db: TestDatabase): Promise<Seeded> {
  const s = await seedDirectory(db.dataSource);
  const alice = {
    ownerExtension: '211',
    ownerUserId: s.users.alice,
    departmentId: s.departments.sales,
    costCentreId: s.costCentres.cc1,
  };
  const bob = {
    ownerExtension: '729',
    ownerUserId: s.users.bob,
    departmentId: s.departments.support,
    costCentreId: s.costCentres.cc2,
  };
  const out = (when: string, c: Partial<CallRow>) =>
    makeCall({
      ...alice,
      direction: 'outgoing',
      startedAt: at(when),
      durationSeconds: 60,
      dialledNumber: '0612340000',
      nation: 'IT',
      destinationType: 'fixed-national',
      costMinor: 10,
      currency: 'EUR',
      ...c,
    });
  const missed = (when: string) =>
    makeCall({ ...bob, direction: 'incoming', answered: false, startedAt: at(when), callingNumber: '0298765432' });
  const calls = [
    // The dirty day.
    out('2021-02-10T22:00:00Z', { costMinor: 1500, dialledNumber: '0612349999' }),
    out('2021-02-10T10:00:00Z', { dialledNumber: '0899123456', destinationType: 'premium', costMinor: 300 }),
    out('2021-02-10T10:05:00Z', { dialledNumber: '0033142424242', nation: 'FR', destinationType: 'fixed-national' }),
    out('2021-02-10T10:10:00Z', {
      dialledNumber: '00999123',
      nation: null,
      destinationType: null,
      costMinor: null,
      currency: null,
      unratedReason: 'unrecognized-destination',
    }),
    out('2021-02-10T10:11:00Z', {
      dialledNumber: '00999124',
      nation: null,
      destinationType: null,
      costMinor: null,
      currency: null,
      unratedReason: 'unrecognized-destination',
    }),
    out('2021-02-10T10:20:00Z', {
      ownerExtension: '999',
      ownerUserId: null,
      departmentId: null,
      costCentreId: null,
      ownerKnown: false,
    }),
    missed('2021-02-10T09:00:00Z'),
    missed('2021-02-10T09:30:00Z'),
    missed('2021-02-10T11:00:00Z'),
    // The clean day: working hours, national, rated, known, cheap.
    out('2021-02-17T09:00:00Z', {}),
    out('2021-02-17T10:00:00Z', { dialledNumber: '0612345678', durationSeconds: 600, costMinor: 50 }),
    out('2021-02-17T10:10:00Z', {
      dialledNumber: '00999125',
      nation: null,
      destinationType: null,
      costMinor: null,
      currency: null,
      unratedReason: 'unrecognized-destination',
    }),
    missed('2021-02-17T09:00:00Z'),
  ];
  const ids = await insertCalls(db.dataSource, calls);
  await db.dataSource.query(`UPDATE calls SET unknown_extension = '999' WHERE id = ${ids[5]}`);
  return s;
}

const daily = { every: 1, unit: 'days', timeZone: 'UTC', startLocal: '2021-01-01T00:00' } as const;
const desk = [{ email: 'desk@example.com' }];

const cases: Array<[string, AlarmDraftInput]> = [
  ['calls outside working hours', { kind: 'outside-hours', recurrence: daily }],
  [
    'calls to listed numbers or prefixes',
    { kind: 'called-numbers', settings: { numbers: ['0899*', '0612349999'] }, recurrence: daily },
  ],
  [
    'a user spending more than an amount',
    { kind: 'spending', settings: { groupBy: 'user', amountMinor: 1000, period: 'yesterday' }, recurrence: daily },
  ],
  [
    'a department spending more than an amount',
    {
      kind: 'spending',
      settings: { groupBy: 'department', amountMinor: 1000, period: 'yesterday' },
      recurrence: daily,
    },
  ],
  [
    'missed calls of an extension above a count',
    { kind: 'missed-calls', settings: { extensions: ['729'], above: 2 }, recurrence: daily },
  ],
  ['international calls', { kind: 'international', recurrence: daily }],
  [
    'outgoing calls to unrecognised destinations, at least two',
    { kind: 'unrecognised-destinations', settings: { minCount: 2 }, recurrence: daily },
  ],
  ['calls from or to extensions not in the directory', { kind: 'unknown-extensions', recurrence: daily }],
  [
    'calls to premium or high-cost destinations',
    { kind: 'premium-rate', settings: { destinationTypes: ['premium'], perMinuteMinor: 200 }, recurrence: daily },
  ],
  [
    'a night spend spike against the previous four weeks',
    { kind: 'spend-spike', settings: { factor: 3, minIncreaseMinor: 1000 }, recurrence: daily },
  ],
];

describe.each(databaseKindsUnderTest())('alarm types on %s', (dbKind) => {
  let db: TestDatabase;
  let kit: AlarmTestKit;

  beforeAll(async () => {
    db = await openTestDatabase(dbKind);
    await seed(db);
    kit = alarmTestKit(db.dataSource);
  });
  afterAll(async () => db.close());

  it.each(cases)('fires on %s on the day made for it and stays silent on the clean day', async (_name, draft) => {
    const alarm = await kit.alarms.service.create(
      { ...draft, recipients: [{ email: 'desk@example.com' }] },
      admin,
      testDoor,
    );
    kit.clock.set(DIRTY_RUN);
    expect(await kit.alarms.service.runNow(alarm.id, admin, testDoor)).toMatchObject({ result: 'alarm' });
    kit.clock.set(CLEAN_RUN);
    expect(await kit.alarms.service.runNow(alarm.id, admin, testDoor)).toMatchObject({ result: 'no-alarm' });
    const history = await kit.alarms.service.history(admin, { alarmId: alarm.id });
    expect(history.map((h) => [h.outcome, h.mails])).toEqual([
      ['no-alarm', 0],
      ['alarm', 1],
    ]);
  });

  it("holds each call to its own site's hours when a site has hours of its own", async () => {
    // The 10:05 call is in the default week's hours (08:00-18:00) but not in its site's (08:00-10:03).
    const site = (name: string | null) =>
      db.dataSource.query(
        `UPDATE calls SET site = ${name === null ? 'NULL' : `'${name}'`} WHERE started_at = ${at(
          '2021-02-10T10:05:00Z',
        )}`,
      );
    await site('default');
    try {
      const week = [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }];
      const alarm = await kit.alarms.service.create(
        {
          kind: 'outside-hours',
          settings: {
            openingHours: { week, sites: { default: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '10:03' }] } },
          },
          recurrence: daily,
          recipients: desk,
        },
        admin,
        testDoor,
      );
      kit.clock.set(DIRTY_RUN);
      await kit.alarms.service.runNow(alarm.id, admin, testDoor);
      const [run] = await kit.alarms.service.history(admin, { alarmId: alarm.id });
      const starts = (run!.detail as { calls: Array<{ startedAt: number }> }).calls.map((c) => c.startedAt);
      expect(starts).toEqual([at('2021-02-10T10:05:00Z'), at('2021-02-10T22:00:00Z')]);
    } finally {
      await site(null);
    }
  });

  it('lists the offending calls of a run in its history', async () => {
    const alarm = await kit.alarms.service.create(
      { kind: 'called-numbers', settings: { numbers: ['0899*'] }, recurrence: daily, recipients: desk },
      admin,
      testDoor,
    );
    kit.clock.set(DIRTY_RUN);
    await kit.alarms.service.runNow(alarm.id, admin, testDoor);
    const [run] = await kit.alarms.service.history(admin, { alarmId: alarm.id });
    expect(run!.findings).toBe(1);
    expect((run!.detail as { calls: Array<{ number: string }> }).calls.map((c) => c.number)).toEqual(['0899123456']);
  });

  it(
    'fires when no call records were acquired for an hour of working hours, and not while they ' + 'keep coming',
    async () => {
      const files = db.dataSource.getRepository(cdrFileEntity.options.name);
      const file = (name: string, finished: string) => ({
        source: 'drop-folder',
        name,
        sizeBytes: 10,
        checksum: name,
        kind: 'cdr',
        clusterId: 'CL1',
        status: 'stored',
        recordsTotal: 5,
        recordsStored: 5,
        recordsDuplicate: 0,
        recordsRejected: 0,
        recordsSkipped: 0,
        linesCommitted: 5,
        reason: '',
        receivedAt: Date.parse(finished),
        finishedAt: Date.parse(finished),
      });
      const alarm = await kit.alarms.service.create(
        {
          kind: 'no-records',
          settings: { quietMinutes: 60 },
          recurrence: { ...daily, every: 15, unit: 'minutes' },
          recipients: desk,
        },
        admin,
        testDoor,
      );
      await files.save(file('cdr_a', '2021-02-10T06:00:00Z'));
      kit.clock.set('2021-02-10T12:00:00Z');
      expect(await kit.alarms.service.runNow(alarm.id, admin, testDoor)).toMatchObject({ result: 'alarm' });
      kit.clock.set('2021-02-13T12:00:00Z'); // Saturday: closed, nobody expects records.
      expect(await kit.alarms.service.runNow(alarm.id, admin, testDoor)).toMatchObject({ result: 'no-alarm' });
      await files.save(file('cdr_b', '2021-02-17T11:30:00Z'));
      kit.clock.set('2021-02-17T12:00:00Z');
      expect(await kit.alarms.service.runNow(alarm.id, admin, testDoor)).toMatchObject({ result: 'no-alarm' });
    },
  );

  it("runs a supervisor's alarm over their departments only", async () => {
    const supervisor = { name: 'sue', role: 'supervisor' as const, departments: ['Support'] };
    const alarm = await kit.alarms.service.create(
      { kind: 'outside-hours', recurrence: daily, recipients: desk },
      supervisor,
      testDoor,
    );
    kit.clock.set(DIRTY_RUN);
    // The night call is Sales' (alice): not the supervisor's to see.
    expect(await kit.alarms.service.runNow(alarm.id, supervisor, testDoor)).toMatchObject({ result: 'no-alarm' });
    await expect(
      kit.alarms.service.runNow(alarm.id, { name: 'other', role: 'supervisor', departments: ['Sales'] }, testDoor),
    ).rejects.toThrow(/no alarm/);
  });
  it(
    'runs on its schedule over the calls since the last scheduled run, once per slot, and shows ' + 'the next run',
    async () => {
      const own = await openTestDatabase(dbKind);
      await seed(own);
      const kit = alarmTestKit(own.dataSource);
      kit.clock.set('2021-02-10T12:00:00Z');
      const alarm = await kit.alarms.service.create(
        { kind: 'international', recurrence: { ...daily, startLocal: '2021-02-09T00:00' }, recipients: desk },
        admin,
        testDoor,
      );
      kit.clock.set('2021-02-11T00:00:30Z');
      expect(await kit.scheduler.runDue()).toBe(1);
      expect(await kit.scheduler.runDue()).toBe(0);
      const [run] = await kit.alarms.service.history(admin, { alarmId: alarm.id });
      expect(run).toMatchObject({
        trigger: 'schedule',
        outcome: 'alarm',
        findings: 1,
        periodTo: new Date('2021-02-11T00:00:00Z'),
      });
      const listed = (await kit.alarms.service.list(admin)).find((a) => a.id === alarm.id)!;
      expect(listed).toMatchObject({ lastMessage: '1 found', nextRunAt: new Date('2021-02-12T00:00:00Z') });
      await kit.alarms.service.setActive(alarm.id, false, admin, testDoor);
      expect((await kit.alarms.service.list(admin)).find((a) => a.id === alarm.id)!.nextRunAt).toBeNull();
      await own.close();
    },
  );
});
