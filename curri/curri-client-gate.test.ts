import type { IncomingMessage } from 'node:http';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createCurriClientGate } from './curri-client-gate.js';

/** A gate with its warnings collected and a clock moved by hand. */
function gateOf(settings: { plainHttp?: boolean; allowedClients?: string[] }) {
  const warnings: Array<{ address: string; msg: string }> = [];
  let now = 0;
  const collect = (line: string) => void warnings.push(JSON.parse(line) as (typeof warnings)[number]);
  const log = pino({ level: 'warn' }, { write: collect });
  const gate = createCurriClientGate(
    { plainHttp: settings.plainHttp ?? true, allowedClients: settings.allowedClients ?? [] },
    { log, now: () => now },
  );
  // Only the peer's address is read: a request is this much of one for the gate.
  const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as IncomingMessage;
  return {
    warnings,
    admits: (address: string) => gate?.admits(from(address)) ?? true,
    advance: (ms: number) => (now += ms),
    gate,
  };
}

describe('the CURRI client gate for plain HTTP', () => {
  it('is absent, costing nothing, when plain HTTP is served to any address', () => {
    expect(gateOf({}).gate).toBeNull();
  });

  it('admits the listed IPv4 and IPv6 addresses and ranges, IPv4 also in its ::ffff: mapped form', () => {
    const g = gateOf({ allowedClients: ['10.1.2.0/24', '192.0.2.7', '2001:db8:1::/48', 'fe80::1'] });
    const inside = ['10.1.2.1', '10.1.2.254', '::ffff:10.1.2.3', '192.0.2.7', '::ffff:192.0.2.7', '2001:db8:1:2::9'];
    inside.push('fe80::1');
    for (const address of inside) {
      expect(g.admits(address), address).toBe(true);
    }
    for (const address of ['10.1.3.1', '192.0.2.8', '::ffff:10.1.3.1', '2001:db8:2::1', '::1', '127.0.0.1', '']) {
      expect(g.admits(address), address).toBe(false);
    }
  });

  it('admits an IPv4 client listed in its ::ffff: mapped form', () => {
    const g = gateOf({ allowedClients: ['::ffff:10.1.2.3'] });
    expect([g.admits('10.1.2.3'), g.admits('::ffff:10.1.2.3'), g.admits('10.1.2.4')]).toEqual([true, true, false]);
  });

  it('warns about a refused address once a minute, not once per request', () => {
    const g = gateOf({ allowedClients: ['10.1.2.0/24'] });
    for (let i = 0; i < 5; i++) g.admits('198.51.100.9');
    g.admits('198.51.100.10');
    g.advance(59_000);
    g.admits('198.51.100.9');
    expect(g.warnings.map((w) => w.address)).toEqual(['198.51.100.9', '198.51.100.10']);
    g.advance(1_000);
    g.admits('198.51.100.9');
    expect(g.warnings.map((w) => w.address)).toEqual(['198.51.100.9', '198.51.100.10', '198.51.100.9']);
    expect(g.warnings[0]?.msg).toContain('curri.allowedClients');
  });

  it('refuses every plain HTTP client when CURRI is served over HTTPS only', () => {
    const g = gateOf({ plainHttp: false, allowedClients: ['10.1.2.0/24'] });
    expect([g.admits('10.1.2.1'), g.admits('127.0.0.1')]).toEqual([false, false]);
    const plainHttpWarning = expect.stringContaining('curri.plainHttp');
    expect(g.warnings.map((w) => w.msg)).toEqual([plainHttpWarning, plainHttpWarning]);
  });
});
