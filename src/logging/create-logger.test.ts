import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { redactSecretFields, secretFieldNames } from './redact-secret-fields.js';

/** A logger writing into an array of parsed lines. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'debug' }, stream), lines };
}

class Account {
  constructor(
    readonly username: string,
    readonly passwordHash: string,
  ) {}
}

describe('createLogger: secrets never reach a line', () => {
  it('redacts every secret field name at the top of the object and one level down, and nothing else', () => {
    const { log, lines } = capturedLogger();
    for (const name of secretFieldNames) {
      log.info({ [name]: 'top-value', nested: { [name]: 'inner-value', keep: 'kept' }, keep: 1 }, 'x');
    }
    expect(lines).toHaveLength(secretFieldNames.size);
    for (const [i, name] of [...secretFieldNames].entries()) {
      const line = lines[i] as Record<string, unknown>;
      expect(line[name]).toBe('[redacted]');
      expect(line.nested).toEqual({ [name]: '[redacted]', keep: 'kept' });
      expect(line.keep).toBe(1);
      expect(JSON.stringify(line)).not.toContain('value');
    }
  });

  it('leaves the caller’s objects untouched', () => {
    const { log } = capturedLogger();
    const nested = { pin: '1234', extension: '2001' };
    const fields = { change: nested, token: 'abc' };
    log.info(fields, 'pin changed');
    expect(fields).toEqual({ change: { pin: '1234', extension: '2001' }, token: 'abc' });
    expect(fields.change).toBe(nested);
  });

  it('redacts inside class instances, and in the lines of child loggers', () => {
    const { log, lines } = capturedLogger();
    log.info({ account: new Account('admin', '$argon2id$secret'), error: { code: 'E', token: 'in-error' } }, 'account');
    log
      .child({ module: 'phone' })
      .child({ reqId: 'r1' })
      .info({ change: { oldPin: '1234', newPin: '9876' } }, 'pin changed');
    expect(lines[0]?.account).toEqual({ username: 'admin', passwordHash: '[redacted]' });
    expect(lines[0]?.error).toEqual({ code: 'E', token: '[redacted]' });
    expect(lines[1]).toMatchObject({
      module: 'phone',
      reqId: 'r1',
      change: { oldPin: '[redacted]', newPin: '[redacted]' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/argon2id|in-error|1234|9876/);
  });

  it('redacts the LDAP service account password wherever the LDAP settings are logged', () => {
    const { log, lines } = capturedLogger();
    log.warn({ bindDn: 'cn=svc', bindPassword: 'top-level' }, 'ldap');
    log.warn({ settings: { bindDn: 'cn=svc', bindPassword: 'one-down' } }, 'ldap');
    log.info({ config: { ldap: { bindDn: 'cn=svc', bindPassword: 'two-down' } } }, 'config');
    expect(lines.map((l) => JSON.stringify(l)).join()).not.toMatch(/top-level|one-down|two-down/);
    expect(lines[2]?.config).toEqual({ ldap: { bindDn: 'cn=svc', bindPassword: '[redacted]' } });
  });

  it('keeps objects without secrets as they are, errors included', () => {
    const fields = { calling: '2001', called: '0039331', nested: { lineId: 4 }, list: [{ pin: 'in-an-array' }] };
    expect(redactSecretFields(fields)).toBe(fields);
    const { log, lines } = capturedLogger();
    log.error({ err: new Error('disk full') }, 'write failed');
    expect((lines[0]?.err as { message: string }).message).toBe('disk full');
  });

  it('redacts the configured paths: SMTP credentials and HTTP credentials through pino-http', async () => {
    const { log, lines } = capturedLogger();
    log.info({ config: { smtp: { host: 'mail', auth: { user: 'u', pass: 'p4ss' } } } }, 'config');
    expect((lines[0]?.config as { smtp: { auth: unknown; host: string } }).smtp).toEqual({
      host: 'mail',
      auth: '[redacted]',
    });

    const logRequest = pinoHttp({ logger: log, customLogLevel: () => 'info' });
    server = createServer((req, res) => {
      logRequest(req, res);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/admin`, {
      headers: { authorization: 'Basic YWRtaW46c2VjcmV0', cookie: 'session=s3ss10n' },
    });
    await expect.poll(() => lines.length).toBe(2);
    const headers = (lines[1]?.req as { headers: Record<string, string> }).headers;
    expect(headers.authorization).toBe('[redacted]');
    expect(headers.cookie).toBe('[redacted]');
    expect(headers.host).toBe(`127.0.0.1:${port}`);
  });
});

let server: Server | null = null;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise((resolve) => s.close(resolve));
});
