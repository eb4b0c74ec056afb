import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmTestKit, testDoor, type AlarmTestKit } from '../../test/alarms/alarm-fixture.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';

const admin = { name: 'root', role: 'admin' as const };

describe.each(databaseKindsUnderTest())('an alarm saved without a start, on %s', (dbKind) => {
  let db: TestDatabase;
  let kit: AlarmTestKit;

  beforeAll(async () => {
    db = await openTestDatabase(dbKind);
    kit = alarmTestKit(db.dataSource, { config: { general: { timeZone: 'Pacific/Auckland' } } });
  });
  afterAll(() => db.close());
  // An alarm must tell someone (the service refuses one without recipient or webhook).
  const recipients = [{ email: 'ops@example.com' }];

  it("starts at the current minute of the general time zone: Auckland's date while UTC is a day behind", async () => {
    // Wednesday 10 February 2021 11:00:30 UTC is Thursday 11 February 00:00:30 in Auckland (NZDT, UTC+13).
    kit.clock.set('2021-02-10T11:00:30Z');
    const alarm = await kit.alarms.service.create(
      { kind: 'no-records', recurrence: { every: 1, unit: 'days' }, recipients },
      admin,
      testDoor,
    );
    expect(alarm.recurrence).toMatchObject({ timeZone: 'Pacific/Auckland', startLocal: '2021-02-11T00:00' });
  });

  it('keeps a zone the alarm names, and reads the minute on its wall clock', async () => {
    // The same instant is 03:00:30 on Wednesday in Los Angeles (PST, UTC-8).
    const alarm = await kit.alarms.service.create(
      { kind: 'no-records', recurrence: { every: 1, unit: 'days', timeZone: 'America/Los_Angeles' }, recipients },
      admin,
      testDoor,
    );
    expect(alarm.recurrence).toMatchObject({ timeZone: 'America/Los_Angeles', startLocal: '2021-02-10T03:00' });
  });
});
