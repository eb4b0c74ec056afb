import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTollgate, type Tollgate } from '../src/compose.js';
import {
  curriDirectoryFiles,
  curriTestConfig,
  goldenResponse,
  sampleBody,
  withValue,
} from '../test/curri/curri-test-kit.js';
import { applyEdits, xacmlEdit } from '../test/curri/xacml-mutations.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';

const admin = { actor: 'test-admin', via: 'cli' as const, role: 'admin' as const };
const sample01 = sampleBody('01-request-cucm-capture-translationpattern.xml');
const quirks = sampleBody('03-request-calltelemetry-fixture-quirks.xml');

describe.each(databaseKindsUnderTest())('CURRI over HTTP on %s', (kind) => {
  let db: TestDatabase;
  let tollgate: Tollgate;
  let server: Server;
  const post = (path: string, body: string | Buffer) =>
    request(server)
      .post(path)
      .set('Content-Type', 'text/xml; charset=ISO-8859-1')
      .set('User-Agent', 'CiscoUCM-HttpClient/1.0')
      .set('Connection', 'Keep-Alive')
      .send(Buffer.from(body));
  const lineId = async (extension: string, partition: string) => {
    const line = (await tollgate.directory.linesByExtension(extension)).find((l) => l.partition === partition);
    if (!line) throw new Error(`no line ${extension}/${partition}`);
    return line.id;
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const config = curriTestConfig({
      contexts: { sales: { partitions: ['PT_Sales'] }, support: { partitions: ['PT_Support'] } },
      deadlineMs: 300,
      maxBodyBytes: 4096,
    });
    tollgate = await composeTollgate(config, { log: pino({ level: 'silent' }), dataSource: db.dataSource });
    const summaries = await tollgate.directoryImport.importFiles(curriDirectoryFiles);
    expect(summaries.flatMap((s) => s.rejected)).toEqual([]);
    await tollgate.start();
    server = createServer({ keepAliveTimeout: 65_000 }, tollgate.requestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await tollgate.stop();
    await db.close();
  });

  it('answers every reference sample with the decision its directory and lock state call for', async () => {
    const caller = await lineId('9725550101', 'PT_Internal');
    await tollgate.locks.setLock({ lineId: caller }, 'user', admin);
    // 01: 2001 dials a 900 premium number, unlocked.
    expect((await post('/curri', sample01)).text).toBe(goldenResponse('permit-continue.xml'));
    // 02: a locked caller dials extension 50102, which CUCM transforms to +19725550102: not a line of the
    // directory nor an internal pattern, so the call may leave the site (issue 14) and the lock holds.
    expect((await post('/curri', sampleBody('02-request-cisco-hello-world.http'))).text).toBe(
      goldenResponse('deny-reject.xml'),
    );
    // 03: the quirks body, caller 1001 on the Sales device, unlocked.
    expect((await post('/curri', quirks)).text).toBe(goldenResponse('permit-continue.xml'));
    // 04: a PSTN caller reaching a directory number.
    expect((await post('/curri', sampleBody('04-request-directorynumber-callingdevicename.xml'))).text).toBe(
      goldenResponse('permit-continue.xml'),
    );
    await tollgate.locks.clearLock({ lineId: caller }, 'user', admin);
  });

  it(
    'denies the very next request once a lock is set through the lock service, and permits again ' + 'once cleared',
    async () => {
      const line = await lineId('2001', 'PT_Internal');
      await tollgate.locks.setLock({ lineId: line }, 'admin', admin);
      expect((await post('/curri', sample01)).text).toBe(goldenResponse('deny-reject.xml'));
      await tollgate.locks.clearLock({ lineId: line }, 'admin', admin);
      expect((await post('/curri', sample01)).text).toBe(goldenResponse('permit-continue.xml'));
    },
  );

  it('always permits an emergency call from a locked line', async () => {
    const line = await lineId('2001', 'PT_Internal');
    await tollgate.locks.setLock({ lineId: line }, 'admin', admin);
    const announced: string[] = [];
    tollgate.events.on('curri.emergency-call', (e) => announced.push(e.calledNumber));
    for (const called of ['911', '9911', '112']) {
      const body = withValue(withValue(sample01, 'callednumber', called), 'transformedcdpn', called);
      expect((await post('/curri', body)).text).toBe(goldenResponse('permit-continue.xml'));
    }
    // The security desk's alarm hears of each at once (issue 17).
    expect(announced).toEqual(['911', '9911', '112']);
    await tollgate.locks.clearLock({ lineId: line }, 'admin', admin);
  });

  it("refuses chargeable calls once the caller's budget is spent, as the budget engine publishes it", async () => {
    const from2003 = (called: string) =>
      withValue(
        withValue(withValue(sample01, 'callingnumber', '2003'), 'callednumber', called),
        'transformedcdpn',
        called,
      );
    expect((await post('/curri', from2003('9005551234'))).text).toBe(goldenResponse('permit-continue.xml'));
    const budget = await tollgate.budgets.service.add(
      {
        name: 'Bruno',
        scope: 'user',
        target: 'bruno.verdi',
        period: 'month',
        amountMinor: 0,
        currency: 'USD',
        thresholds: [],
      },
      { actor: 'test', via: 'cli' },
    );
    await expect
      .poll(async () => (await post('/curri', from2003('9005551234'))).text, { timeout: 5000 })
      .toBe(goldenResponse('deny-reject.xml'));
    // Toll-free calls cost nothing: still permitted.
    expect((await post('/curri', from2003('918005550100'))).text).toBe(goldenResponse('permit-continue.xml'));
    await tollgate.budgets.service.remove(budget.id, { actor: 'test', via: 'cli' });
    await expect
      .poll(async () => (await post('/curri', from2003('9005551234'))).text, { timeout: 5000 })
      .toBe(goldenResponse('permit-continue.xml'));
  });

  it('tells overlapping extensions apart by device, and by the context in the URL', async () => {
    await tollgate.locks.setLock({ lineId: await lineId('1001', 'PT_Sales') }, 'user', admin);
    expect((await post('/curri', quirks)).text).toBe(goldenResponse('deny-reject.xml'));
    expect((await post('/curri', withValue(quirks, 'callingdevicename', 'SEP0011223344AA'))).text).toBe(
      goldenResponse('permit-continue.xml'),
    );
    const noDevice = withValue(quirks, 'callingdevicename', '');
    expect((await post('/curri/sales', noDevice)).text).toBe(goldenResponse('deny-reject.xml'));
    expect((await post('/curri/support', noDevice)).text).toBe(goldenResponse('permit-continue.xml'));
    await tollgate.locks.clearLock({ lineId: await lineId('1001', 'PT_Sales') }, 'user', admin);
  });

  it('sends text/xml in UTF-8 with a length, on a kept-alive connection', async () => {
    const res = await post('/curri', sample01);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
    expect(res.headers.connection).toBe('keep-alive');
  });

  it('answers the HEAD keepalive on served paths, 404 on an unknown context, and 405 to other methods', async () => {
    const head = await request(server).head('/curri');
    expect([head.status, head.headers['content-type']]).toEqual([200, 'text/xml; charset=utf-8']);
    expect((await request(server).head('/curri/sales')).status).toBe(200);
    expect((await request(server).head('/curri/nowhere')).status).toBe(404);
    const get = await request(server).get('/curri');
    expect([get.status, get.headers.allow]).toEqual([405, 'POST, HEAD']);
  });

  it('answers the failure decision to an unknown context, a malformed body and an oversize body', async () => {
    const unknown = await post('/curri/nowhere', sample01);
    expect(unknown.text).toContain('<Decision>Indeterminate</Decision>');
    expect(unknown.text).toContain('<StatusMessage>unknown-context</StatusMessage>');
    expect((await post('/curri', '<Request><Subject>')).text).toBe(goldenResponse('indeterminate-bad-request.xml'));
    const big = await post('/curri', sample01 + ' '.repeat(5000));
    expect(big.text).toContain('<StatusMessage>body-too-large</StatusMessage>');
    expect(big.headers.connection).toBe('close');
  });

  it(
    'answers the failure decision when the body stalls past the deadline, still permitting an ' + 'emergency number',
    async () => {
      const port = (server.address() as AddressInfo).port;
      const stall = (partial: string) =>
        new Promise<{ text: string; ms: number }>((resolve, reject) => {
          const started = Date.now();
          const socket = connect(port, '127.0.0.1');
          let text = '';
          socket.on('data', (d) => (text += d.toString()));
          socket.on('close', () => resolve({ text, ms: Date.now() - started }));
          socket.on('error', reject);
          socket.write(
            `POST /curri HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ` +
              `${Buffer.byteLength(sample01)}\r\n\r\n${partial}`,
          );
        });
      const cut = sample01.indexOf('transformedcgpn');
      const plain = await stall(sample01.slice(0, cut));
      expect(plain.text).toContain('<StatusMessage>deadline-exceeded</StatusMessage>');
      expect(plain.ms).toBeGreaterThanOrEqual(250);
      const emergency = await stall(withValue(sample01, 'callednumber', '911').slice(0, cut));
      expect(emergency.text).toContain('<Decision>Permit</Decision>');
    },
  );

  it('records each decision with its reason and counts it in the metrics', async () => {
    const line = await lineId('2002', 'PT_Internal');
    await tollgate.locks.setLock({ lineId: line }, 'admin', admin);
    await post('/curri', withValue(sample01, 'callingnumber', '2002'));
    await tollgate.curri.recorder.flush();
    const rows = (await db.dataSource.query(
      "SELECT outcome, reason, line_id, context, called_number FROM curri_decision_log WHERE calling_number = '2002'",
    )) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      { outcome: 'deny', reason: 'locked-admin', line_id: line, context: '', called_number: '9005551234' },
    ]);
    const metrics = await request(server).get('/metrics');
    expect(metrics.text).toMatch(/tollgate_curri_decisions_total\{outcome="deny",reason="locked-admin"\} [1-9]/);
    expect(metrics.text).toMatch(/tollgate_curri_decision_seconds_count [1-9]/);
    expect(metrics.text).toContain('tollgate_curri_facts_ready 1');
  });

  it('answers 200 with well-formed XACML to random and mutated bodies over real HTTP', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .tuple(fc.constantFrom(sample01, quirks), fc.array(xacmlEdit, { minLength: 1, maxLength: 5 }))
        .map(([body, edits]) => applyEdits(body, edits)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('/curri', '/curri/sales', '/curri/x'), async (body, path) => {
        const res = await post(path, body);
        expect(res.status).toBe(200);
        expect(XMLValidator.validate(res.text)).toBe(true);
        expect(res.text).toMatch(/<Decision>(Permit|Deny|Indeterminate|NotApplicable)<\/Decision>/);
      }),
      { numRuns: 300 },
    );
  });
});
