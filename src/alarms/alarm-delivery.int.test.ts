import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alarmTestKit, testDoor, type AlarmTestKit } from '../../test/alarms/alarm-fixture.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/notify/smtp-test-server.js';
import { at, insertCalls, makeCall, seedDirectory, type Seeded } from '../../test/reports/call-fixtures.js';
import { lineEntity, type LineRow } from '../store/index.js';

const admin = { name: 'root', role: 'admin' as const };
const daily = { every: 1, unit: 'days', timeZone: 'UTC', startLocal: '2021-01-01T00:00' } as const;

interface Hook {
  server: Server;
  url: string;
  /** Status codes of the next answers (200 after them). */
  answers: number[];
  received: Array<{ body: string; signature: string; valid: boolean }>;
}

const SECRET = 'a-shared-secret-of-the-desk';

/**
 * A real HTTP receiver that checks each body's HMAC-SHA256 against the shared secret, as a chat or ticket tool
 * would.
 */
async function startHook(): Promise<Hook> {
  const hook: Hook = { server: createServer(), url: '', answers: [], received: [] };
  hook.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['x-tollgate-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      hook.received.push({ body, signature, valid: signature === expected });
      res.statusCode = hook.answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook`;
  return hook;
}

describe.each(databaseKindsUnderTest())('alarm delivery on %s', (dbKind) => {
  let db: TestDatabase;
  let kit: AlarmTestKit;
  let smtp: SmtpTestServer;
  let hook: Hook;
  let seeded: Seeded;

  beforeAll(async () => {
    db = await openTestDatabase(dbKind);
    seeded = await seedDirectory(db.dataSource);
    const alice = {
      ownerExtension: '211',
      ownerUserId: seeded.users.alice,
      departmentId: seeded.departments.sales,
      costCentreId: seeded.costCentres.cc1,
    };
    await insertCalls(db.dataSource, [
      makeCall({
        ...alice,
        direction: 'outgoing',
        startedAt: at('2021-02-10T10:05:00Z'),
        durationSeconds: 60,
        dialledNumber: '0033142424242',
        nation: 'FR',
        destinationType: 'fixed-national',
        costMinor: 40,
        currency: 'EUR',
      }),
      makeCall({
        ...alice,
        direction: 'outgoing',
        startedAt: at('2021-02-17T10:05:00Z'),
        durationSeconds: 60,
        dialledNumber: '0612345678',
        nation: 'IT',
        destinationType: 'fixed-national',
        costMinor: 4,
        currency: 'EUR',
      }),
    ]);
    smtp = await startSmtpTestServer();
    hook = await startHook();
    kit = alarmTestKit(db.dataSource, { smtpPort: smtp.port });
    await kit.outbox.start();
  });
  afterAll(async () => {
    await kit.outbox.stop();
    await smtp.close();
    await new Promise((resolve) => hook.server.close(resolve));
    await db.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    hook.received.length = 0;
  });

  it(
    'mails the offending calls as HTML and text in each recipient’s language, masking numbers for ' +
      'a role without the right',
    async () => {
      const alarm = await kit.alarms.service.create(
        {
          kind: 'international',
          description: 'Calls abroad',
          recurrence: daily,
          recipients: [
            { email: 'admin@example.com', language: 'en', role: 'admin' },
            { email: 'staff@example.com', language: 'ar', role: 'user' },
          ],
        },
        admin,
        testDoor,
      );
      kit.clock.set('2021-02-11T00:00:00Z');
      await kit.alarms.service.runNow(alarm.id, admin, testDoor);
      const mails = await smtp.waitFor(2);
      const byTo = Object.fromEntries(mails.map((m) => [m.envelopeTo[0], m]));
      const en = byTo['admin@example.com']!;
      expect(byTo['admin@example.com']!.subject).toBe('Tollgate alarm: Calls abroad');
      expect(en.text).toContain('found 1 item(s)');
      expect(en.text).toContain('0033142424242');
      expect(en.html ?? '').toMatch(/<td>0033142424242<\/td>/);
      const ar = byTo['staff@example.com']!;
      expect(byTo['staff@example.com']!.subject).toBe('تنبيه Tollgate: Calls abroad');
      expect(ar.html ?? '').toContain('dir="rtl"');
      expect(ar.text).toContain('0033142424***');
      expect(ar.text + (ar.html ?? '')).not.toContain('0033142424242');
    },
  );

  it('sends nothing when there is nothing to report', async () => {
    const alarm = await kit.alarms.service.create(
      { kind: 'international', recurrence: daily, recipients: [{ email: 'quiet@example.com' }] },
      admin,
      testDoor,
    );
    kit.clock.set('2021-02-18T00:00:00Z');
    expect(await kit.alarms.service.runNow(alarm.id, admin, testDoor)).toMatchObject({ result: 'no-alarm' });
    await kit.outbox.runOnce();
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses an alarm with neither an e-mail recipient nor a webhook, naming the recipients field', async () => {
    const before = (await kit.alarms.service.list(admin)).length;
    const refused = kit.alarms.service.create({ kind: 'international', recurrence: daily }, admin, testDoor);
    await expect(refused).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'invalid alarm: recipients: give at least one e-mail recipient or a webhook URL',
      details: { issues: [{ path: ['recipients'] }] },
    });
    expect(await kit.alarms.service.list(admin)).toHaveLength(before);
    const kept = await kit.alarms.service.create(
      { kind: 'international', recurrence: daily, recipients: [{ email: 'desk@example.com' }] },
      admin,
      testDoor,
    );
    await expect(
      kit.alarms.service.update(kept.id, { kind: 'international', recurrence: daily }, admin, testDoor),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await kit.alarms.service.get(kept.id, admin)).recipients).toHaveLength(1);
    await kit.alarms.service.remove(kept.id, admin, testDoor);
  });

  it('posts a signed JSON webhook, retrying a failed delivery, and records the outcome', async () => {
    hook.answers.push(503);
    const alarm = await kit.alarms.service.create(
      { kind: 'international', recurrence: daily, webhook: { url: hook.url, secret: SECRET } },
      admin,
      testDoor,
    );
    kit.clock.set('2021-02-11T00:00:00Z');
    await kit.alarms.service.runNow(alarm.id, admin, testDoor);
    expect(hook.received).toHaveLength(2);
    expect(hook.received.every((r) => r.valid)).toBe(true);
    const payload = JSON.parse(hook.received[1]!.body) as {
      alarm: { kind: string };
      count: number;
      calls: Array<{ number: string }>;
    };
    expect(payload).toMatchObject({ alarm: { kind: 'international' }, count: 1 });
    expect(payload.calls[0]!.number).toBe('0033142424242');
    const [run] = await kit.alarms.service.history(admin, { alarmId: alarm.id });
    expect(run!.webhook).toBe('200');
  });

  it(
    'tells the security desk at once when CURRI permits an emergency call, and once only when its ' + 'CDR is stored',
    async () => {
      await kit.alarms.service.create(
        {
          kind: 'emergency-call',
          description: 'Emergency',
          recipients: [{ email: 'security@example.com', role: 'user' }],
        },
        admin,
        testDoor,
      );
      const line = await db.dataSource
        .getRepository<LineRow>(lineEntity.options.name)
        .findOneByOrFail({ extension: '211' });
      kit.clock.set('2021-02-10T10:00:00Z');
      kit.events.emit('curri.emergency-call', {
        lineId: line.id,
        callingNumber: '211',
        calledNumber: '112',
        at: kit.clock.now(),
      });
      await kit.alarms.idle();
      const [mail] = await smtp.waitFor(1, 3000);
      expect(mail!.envelopeTo).toEqual(['security@example.com']);
      // Emergency numbers are public: not masked even for a recipient who sees masked numbers.
      expect(mail!.text).toContain('An emergency call was placed from extension 211 (alice) to 112');
      const alice = {
        ownerExtension: '211',
        ownerUserId: seeded.users.alice,
        departmentId: seeded.departments.sales,
        costCentreId: seeded.costCentres.cc1,
      };
      const [id] = await insertCalls(db.dataSource, [
        makeCall({
          ...alice,
          direction: 'outgoing',
          startedAt: at('2021-02-10T10:00:01Z'),
          dialledNumber: '112',
          destinationType: 'emergency',
          costMinor: 0,
          currency: 'EUR',
        }),
      ]);
      const stored = {
        id: id!,
        startedAt: new Date('2021-02-10T10:00:01Z'),
        direction: 'outgoing' as const,
        answered: true,
        ownerLineId: line.id,
        ownerUserId: seeded.users.alice,
        departmentId: seeded.departments.sales,
        costCentreId: null,
        destinationType: 'emergency',
        costMinor: 0,
        currency: 'EUR',
      };
      kit.events.emit('calls.stored', { fileName: 'cdr_1', calls: [stored] });
      await kit.alarms.idle();
      await kit.outbox.runOnce();
      expect(smtp.received).toHaveLength(1);
    },
  );

  it('alerts on a CURRI attempt burst of a line in the owner’s departments only', async () => {
    const sales = { name: 'sam', role: 'supervisor' as const, departments: ['Sales'] };
    const support = { name: 'sue', role: 'supervisor' as const, departments: ['Support'] };
    await kit.alarms.service.create(
      { kind: 'attempt-burst', recipients: [{ email: 'sales-desk@example.com' }] },
      sales,
      testDoor,
    );
    await kit.alarms.service.create(
      { kind: 'attempt-burst', recipients: [{ email: 'support-desk@example.com' }] },
      support,
      testDoor,
    );
    const line = await db.dataSource
      .getRepository<LineRow>(lineEntity.options.name)
      .findOneByOrFail({ extension: '211' });
    kit.events.emit('curri.attempt-burst', {
      lineId: line.id,
      attempts: 12,
      windowMinutes: 5,
      callingNumber: '211',
      calledNumber: '00881234567',
      at: new Date('2021-02-10T03:00:00Z'),
    });
    await kit.alarms.idle();
    const [mail] = await smtp.waitFor(1, 3000);
    await kit.outbox.runOnce();
    expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(['sales-desk@example.com']);
    expect(mail!.text).toContain('made 12 external call attempts within 5 minutes, the last to 00881234***');
  });
});
