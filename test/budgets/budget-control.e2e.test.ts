import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseThresholdSpec } from '../../src/budgets/index.js';
import { createManualClock } from '../../src/clock.js';
import { composeTollgate, type Tollgate } from '../../src/compose.js';
import { smtpConfigSchema } from '../../src/config/index.js';
import { curriTestConfig, goldenResponse, sampleBody, withValue } from '../curri/curri-test-kit.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { ingestFiles } from '../../cdr-collector/index.js';
import { writeCdrFile, type DialledCall } from './cdr-files.js';

const directoryFiles = ['departments.csv', 'users.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map((f) =>
  join(import.meta.dirname, '../../fixtures/budgets/e2e', f),
);
// Sample 01 of the reference: line 2001 calls 900-555-1234, a premium (chargeable) number.
const premiumCall = sampleBody('01-request-cucm-capture-translationpattern.xml');
const emergencyCall = withValue(withValue(premiumCall, 'callednumber', '911'), 'transformedcdpn', '911');
const internalCall = withValue(withValue(premiumCall, 'callednumber', '2002'), 'transformedcdpn', '2002');
const cli = { actor: 'admin', via: 'cli' as const };

describe.each(databaseKindsUnderTest())('Budget Control end to end on %s', (kind) => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;
  let tollgate: Tollgate;
  let server: Server;
  const clock = createManualClock('2026-03-10T15:00:00Z');
  const curri = async (body: string) =>
    (await request(server).post('/curri').set('Content-Type', 'text/xml; charset=ISO-8859-1').send(Buffer.from(body)))
      .text;
  let cdrDir: ReturnType<typeof makeTempDir>;
  let files = 0;
  /**
   * A CUCM CDR file stored by the CDR collector's ingest worker: parsed,
   * classified, rated by the sample US plan, committed as one batch and
   * announced on the daemon's bus.
   */
  const batch = async (calls: DialledCall[]) => {
    const path = writeCdrFile(cdrDir.path, ++files, calls);
    const summary = await ingestFiles([path], {
      config: tollgate.config,
      database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
      log: pino({ level: 'silent' }),
      events: tollgate.events,
    });
    expect(summary.files.map((f) => [f.outcome, f.records.stored])).toEqual([['stored', calls.length]]);
    await tollgate.budgets.engine.idle();
  };
  const desks = {
    alice: { extension: '2001', device: 'SEP001122334401' },
    bob: { extension: '2002', device: 'SEP001122334402' },
  };
  /** 57 connected seconds to 1-900-555-1234: one minute at the plan's premium rate, USD 2.99. */
  const premium = (user: keyof typeof desks, at = '2026-03-10T14:00:00Z'): DialledCall => ({
    ...desks[user],
    partition: 'PT_Internal',
    dialled: '919005551234',
    outpulsed: '19005551234',
    gateway: 'GW_DALLAS',
    startEpoch: Date.parse(at) / 1000 + files * 60,
    seconds: 57,
  });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    cdrDir = makeTempDir();
    smtp = await startSmtpTestServer();
    const base = curriTestConfig();
    const config = {
      ...base,
      general: { ...base.general, timeZone: 'America/Chicago' },
      smtp: smtpConfigSchema.parse({
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'Tollgate <tollgate@example.com>',
      }),
    };
    tollgate = await composeTollgate(config, { log: pino({ level: 'silent' }), clock, dataSource: db.dataSource });
    const imported = await tollgate.directoryImport.importFiles(directoryFiles);
    expect(imported.flatMap((s) => [...s.rejected, ...(s.refused ? [s.refused] : [])])).toEqual([]);
    await tollgate.budgets.service.add(
      {
        name: 'Alice',
        scope: 'user',
        target: 'alice',
        period: 'month',
        amountMinor: 1000,
        currency: 'USD',
        rollover: true,
        thresholds: ['80:user', '100:user,manager,lock'].map(parseThresholdSpec),
      },
      cli,
    );
    await tollgate.budgets.service.add(
      {
        name: 'Bob',
        scope: 'user',
        target: 'bob',
        period: 'month',
        amountMinor: 1000,
        currency: 'USD',
        rollover: true,
        rolloverCapMinor: 500,
        thresholds: [],
      },
      cli,
    );
    await tollgate.start();
    await tollgate.budgets.engine.idle();
    server = createServer(tollgate.requestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await tollgate.stop();
    await smtp.close();
    await db.close();
    cdrDir.cleanup();
  });

  it('permits chargeable calls while the budget lasts', async () => {
    expect(await curri(premiumCall)).toBe(goldenResponse('permit-continue.xml'));
    await batch([premium('alice'), premium('alice'), premium('bob')]);
    expect(await curri(premiumCall)).toBe(goldenResponse('permit-continue.xml'));
    expect(smtp.received).toHaveLength(0);
  });

  it('e-mails Alice when a batch takes her past 80%', async () => {
    await batch([premium('alice')]);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['alice@example.com']);
    expect(mail?.subject).toBe('Budget "Alice" has reached 80% for March 2026');
    expect(mail?.text).toContain('Hello Alice Brown,');
    expect(mail?.text).toMatch(/Spent:\s+US\$8\.97/);
    expect(mail?.text).toMatch(/Remaining: US\$1\.03/);
    expect(await curri(premiumCall)).toBe(goldenResponse('permit-continue.xml'));
  });

  it(
    'at 100% locks her line: the next chargeable call is denied, emergency and internal calls ' + 'still go through',
    async () => {
      await batch([premium('alice')]);
      expect(await curri(premiumCall)).toBe(goldenResponse('deny-reject.xml'));
      expect(await curri(emergencyCall)).toBe(goldenResponse('permit-continue.xml'));
      expect(await curri(internalCall)).toBe(goldenResponse('permit-continue.xml'));
      const [line] = await tollgate.directory.linesByExtension('2001');
      expect((await tollgate.locks.getLineState({ lineId: line?.id as number })).kinds).toEqual(['budget']);
      const mails = await smtp.waitFor(3);
      expect(
        mails
          .slice(1)
          .map((m) => m.envelopeTo[0])
          .sort(),
      ).toEqual(['alice@example.com', 'bob@example.com']);
    },
  );

  it('the renewal lifts the lock, carries Bob’s residual (capped) and records it all', async () => {
    clock.set('2026-04-01T05:00:00Z'); // midnight in Dallas (CDT, UTC-5)
    await tollgate.budgets.engine.renewDue();
    expect(await curri(premiumCall)).toBe(goldenResponse('permit-continue.xml'));
    const bob = await tollgate.budgets.readModel.status('Bob');
    expect(bob.period.key).toBe('2026-04');
    expect(bob.subjects[0]).toMatchObject({ carriedInMinor: 500, allowanceMinor: 1500, spentMinor: 0 });
    const alice = (await tollgate.budgets.readModel.history('Alice')).map((h) => h.kind).reverse();
    expect(alice).toEqual(
      expect.arrayContaining([
        'created',
        'threshold',
        'email-queued',
        'email-sent',
        'exhausted',
        'lock',
        'renewal',
        'unlock',
      ]),
    );
    expect(alice.indexOf('renewal')).toBeGreaterThan(alice.indexOf('lock'));
    const rollover = await tollgate.budgets.readModel.history('Bob', { kinds: ['rollover'] });
    expect(rollover.map((h) => h.detail)).toEqual(['residual 5.00 USD carried into 2026-04']);
  });

  it('a spent budget with no lock threshold still refuses chargeable calls, before they start', async () => {
    const fromBob = (body: string) => withValue(withValue(body, 'callingnumber', '2002'), 'transformedcgpn', '2002');
    expect(await curri(fromBob(premiumCall))).toBe(goldenResponse('permit-continue.xml'));
    await batch(Array.from({ length: 6 }, () => premium('bob', '2026-04-01T06:00:00Z')));
    expect(await curri(fromBob(premiumCall))).toBe(goldenResponse('deny-reject.xml'));
    expect(await curri(fromBob(emergencyCall))).toBe(goldenResponse('permit-continue.xml'));
    expect(
      await curri(fromBob(withValue(withValue(premiumCall, 'callednumber', '2001'), 'transformedcdpn', '2001'))),
    ).toBe(goldenResponse('permit-continue.xml'));
    expect(await curri(premiumCall)).toBe(goldenResponse('permit-continue.xml'));
  });
});
