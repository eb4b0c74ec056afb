import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createChangeFeedWriter } from '../../src/change-feed/index.js';
import { createEventBus } from '../../src/events/index.js';
import { createLockService, createPinHasher } from '../../src/locks/index.js';
import { createDataSource } from '../../src/store/index.js';
import { openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { startFakePhone } from '../../test/phone/fake-phone.js';
import { defaultPinPolicy } from '../../test/phone/phone-lock-fixture.js';
import {
  composePhoneLockDaemon,
  importPhoneLockDirectory,
  type PhoneLockDaemon,
} from '../../test/phone/phone-lock-daemon.js';

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const web = { actor: 'anna.verdi', via: 'web' as const, role: 'user' as const };
const admin = { actor: 'root', via: 'cli' as const, role: 'admin' as const };
const anna = { extension: '3001' };

describe('lock notices pushed to phones', () => {
  let db: TestDatabase;
  let d: PhoneLockDaemon;
  let server: Server;
  let phone: Awaited<ReturnType<typeof startFakePhone>>;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const port = await freePort();
    phone = await startFakePhone({ authenticationUrl: `http://127.0.0.1:${port}/phone/authenticate` });
    d = await composePhoneLockDaemon(db.dataSource, {
      http: { host: '127.0.0.1', port },
      phone: {
        push: {
          username: 'tollgate-push',
          password: 'pa:ss w0rd',
          phonePort: phone.port,
          retries: 2,
          retryDelayMs: 20,
          timeoutMs: 10_000,
        },
      },
    });
    await importPhoneLockDirectory(d.tollgate);
    server = createServer(d.tollgate.app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await d.tollgate.start();
  });
  afterAll(async () => {
    await d.tollgate.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await phone.close();
    await db.close();
    expect(phone.errors).toEqual([]);
  });
  beforeEach(async () => {
    // A well-behaved phone while the previous test's locks are cleared, then a fresh record.
    phone.behave({});
    for (const kind of ['user', 'admin'] as const) await d.tollgate.locks.clearLock(anna, kind, admin);
    await d.tollgate.phonePush.idle();
    phone.behave({});
  });

  it(
    'pushes to every phone with an IP carrying the line: form field XML, Basic auth, ' +
      'Content-Length, XSD-valid, notice fetched',
    async () => {
      await d.tollgate.locks.setLock(anna, 'user', web);
      await d.tollgate.phonePush.idle();
      expect(phone.pushes.filter((p) => p.fetched)).toHaveLength(2);
      expect(phone.pushes.map((p) => p.device).sort()).toEqual(['SEP00AA00000001', 'SEP00AA00000006']);
      for (const push of phone.pushes) {
        expect(push.headers['content-type']).toBe('application/x-www-form-urlencoded');
        expect(push.contentLengthMatches).toBe(true);
        expect(push.formFields).toEqual(['XML']);
        expect([push.basicUser, push.basicPassword]).toEqual(['tollgate-push', 'pa:ss w0rd']);
        expect(push.authAnswer).toBe('AUTHORIZED');
        expect(push.xsdErrors).toBeNull();
        expect(push.xml).toMatch(
          new RegExp(
            '^<\\?xml version="1.0" encoding="UTF-8"\\?><CiscoIPPhoneExecute><ExecuteItem Priority="1" ' +
              'URL="http://127\\.0\\.0\\.1:\\d+/phone/notice\\?name=SEP00AA0000000[16]&amp;line=\\d+"/>' +
              '</CiscoIPPhoneExecute>$',
          ),
        );
        expect(Buffer.byteLength(`XML=${encodeURIComponent(push.xml)}`)).toBeLessThanOrEqual(512);
        expect(push.fetched).toMatchObject({ status: 200, contentType: 'text/xml; charset=UTF-8', xsdErrors: null });
        expect(push.fetched?.body).toContain('<Prompt>La tua linea è bloccata</Prompt>');
        expect(push.fetched?.body).toContain('Linea 3001: BLOCCATA (da te)');
      }
      await d.tollgate.phonePush.idle();
      expect(await d.tollgate.metrics.getSingleMetricAsString('tollgate_phone_pushes_total')).toMatch(
        /^tollgate_phone_pushes_total\{result="delivered"\} [2-9]\d*$/m,
      );
    },
  );

  it('does not push to phones without an IP in the directory', async () => {
    await d.tollgate.locks.setLock({ extension: '3002' }, 'user', web);
    await d.tollgate.locks.setLock(anna, 'user', web);
    await d.tollgate.phonePush.idle();
    expect(phone.pushes.filter((p) => p.fetched)).toHaveLength(2);
    expect(phone.pushes.every((p) => p.device !== 'SEP00AA00000002')).toBe(true);
    await d.tollgate.locks.clearLock({ extension: '3002' }, 'user', web);
  });

  it('retries a phone that fails, with the configured number of retries', async () => {
    phone.behave({ failFirst: 2 });
    await d.tollgate.locks.setLock({ extension: '3099' }, 'admin', admin);
    await d.tollgate.phonePush.idle();
    expect(phone.pushes.filter((p) => p.fetched)).toHaveLength(1);
    expect(phone.pushes.map((p) => p.reply)).toEqual(['http-500', 'http-500', 'response']);
    expect(d.logs.some((l) => l.includes('lock notice push failed: will retry'))).toBe(true);
    phone.behave({ failFirst: 10 });
    await d.tollgate.locks.clearLock({ extension: '3099' }, 'admin', admin);
    await d.tollgate.phonePush.idle();
    expect(d.logs.some((l) => l.includes('lock notice not delivered: giving up'))).toBe(true);
    expect(phone.pushes.map((p) => p.reply)).toEqual(['http-500', 'http-500', 'http-500']);
  });

  it('never holds up a lock change while a phone hangs', async () => {
    phone.behave({ hold: true });
    const result = await d.tollgate.locks.setLock(anna, 'user', web);
    expect(result.state.locked).toBe(true);
    await vi.waitFor(() => expect(phone.pushes.filter((p) => p.reply === 'held').length).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    expect(phone.pushes.some((p) => p.fetched)).toBe(false);
    phone.release();
    await d.tollgate.phonePush.idle();
    expect(phone.pushes.filter((p) => p.fetched)).toHaveLength(2);
  });

  it('does not retry a phone that refuses the credentials, and says a person must act', async () => {
    phone.behave({ refuseAuth: true });
    await d.tollgate.locks.setLock({ extension: '3099' }, 'user', admin);
    await d.tollgate.phonePush.idle();
    expect(d.logs.some((l) => l.includes('"level":50') && l.includes('phone refused the lock notice'))).toBe(true);
    expect(phone.pushes.map((p) => p.reply)).toEqual(['error-4']);
    await d.tollgate.locks.clearLock({ extension: '3099' }, 'user', admin);
    await d.tollgate.phonePush.idle();
  });

  it(
    'pushes after a lock change made by another process (the CLI), which reaches the daemon ' +
      'through the change feed',
    async () => {
      // The CLI's own connection: SQLite tells the daemon's connection when another one committed.
      const cliDataSource = createDataSource({ url: db.url });
      await cliDataSource.initialize();
      onTestFinished(() => cliDataSource.destroy());
      const cli = createLockService({
        changes: createChangeFeedWriter({ clock: d.clock, origin: 'the-cli' }),
        dataSource: cliDataSource,
        lines: d.tollgate.directory,
        events: createEventBus(() => undefined),
        clock: d.clock,
        log: pino({ level: 'silent' }),
        hasher: createPinHasher(),
        pin: defaultPinPolicy,
      });
      await cli.setLock(anna, 'admin', admin);
      await vi.waitFor(() => expect(phone.pushes.filter((p) => p.fetched)).toHaveLength(2), { timeout: 5000 });
      expect(phone.pushes[0]?.fetched?.body).toContain("dall'amministratore");
    },
  );
});
