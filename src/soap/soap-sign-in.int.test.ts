import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { openSoapFixture, ROOT, type SoapFixture } from '../../test/soap/soap-fixture.js';
import { envelope, post } from '../../test/soap/soap-http.js';

interface LogLine {
  level: number;
  msg: string;
  account?: string;
  address?: string;
}

describe.each(databaseKindsUnderTest())('SOAP sign-in throttle on %s', (kind) => {
  let f: SoapFixture;
  const lines: LogLine[] = [];
  beforeAll(async () => {
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    f = await openSoapFixture(kind, { log });
  });
  afterAll(async () => f.close());

  it(
    'locks an account out after five wrong passwords, even for the right one, with a Client Fault, ' +
      '429 and Retry-After',
    async () => {
      const request = envelope('<tg:GetLockStatus/>');
      for (let i = 0; i < 5; i++)
        expect((await post(f.url, request, { username: 'Root', password: `guess ${i} wrong` })).status).toBe(401);
      const locked = await post(f.url, request, ROOT);
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('900');
      expect(locked.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(locked.body.Fault).toMatchObject({
        faultcode: 'soap:Client',
        faultstring: 'Too many failed sign-ins: try again in 15 minute(s)',
        detail: { Error: { Code: 'SIGN_IN_LOCKED' } },
      });
      f.clock.advance(15 * 60_000);
      expect((await post(f.url, request, ROOT)).status).toBe(200);
    },
  );

  it('logs every failed sign-in at warn with the account and the address', async () => {
    lines.length = 0;
    await post(f.url, envelope('<tg:GetLockStatus/>'), { username: 'mallory', password: 'not the password' });
    const failure = lines.find((l) => l.msg.startsWith('SOAP sign-in failed'));
    expect(failure).toMatchObject({ level: 40, account: 'mallory', address: expect.stringMatching(/127\.0\.0\.1/) });
  });
});
