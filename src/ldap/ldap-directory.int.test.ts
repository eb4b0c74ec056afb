import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapConfigSchema } from '../config/index.js';
import { createLogger } from '../logging/index.js';
import {
  freePort,
  startSlapd,
  testBaseDn,
  testRootDn,
  testRootPassword,
  type SlapdServer,
} from '../../test/ldap/slapd-server.js';
import { createLdapDirectory, LdapUnavailableError, searchUsers, type LdapDirectorySettings } from './index.js';

const groups = `ou=groups,${testBaseDn}`;
let slapd: SlapdServer;
const lines: Array<Record<string, unknown>> = [];
const log = createLogger(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }),
);

function settings(overrides: Partial<LdapDirectorySettings> = {}): LdapDirectorySettings {
  return {
    ...ldapConfigSchema.parse({
      enabled: true,
      urls: [slapd.ldapUrl],
      bindDn: testRootDn,
      bindPassword: testRootPassword,
      searchBase: `ou=people,${testBaseDn}`,
      userFilter: '(uid={{username}})',
      usernameAttribute: 'uid',
      adminGroups: [`cn=tollgate-admins,${groups}`],
      supervisorGroups: [
        { group: `CN=tollgate-supervisors-sales, OU=groups, DC=tollgate, DC=test`, departments: ['SALES'] },
      ],
      timeoutMs: 1500,
    }),
    ...overrides,
  };
}

beforeAll(async () => {
  slapd = await startSlapd();
}, 90_000);
afterAll(async () => {
  await slapd?.stop();
});

describe('LDAP sign-in against a real OpenLDAP (slapd)', () => {
  it("accepts the right password and grants the role of the user's groups (memberOf)", async () => {
    const directory = createLdapDirectory(settings(), log);
    await expect(directory.authenticate('user001', 'secret-user001')).resolves.toMatchObject({
      username: 'user001',
      role: 'admin',
    });
    await expect(directory.authenticate('user002', 'secret-user002')).resolves.toMatchObject({
      username: 'user002',
      role: 'supervisor',
      departments: ['SALES'],
      dn: `uid=user002,ou=people,${testBaseDn}`,
    });
    await expect(directory.authenticate('user003', 'secret-user003')).resolves.toMatchObject({
      role: 'user',
      departments: [],
    });
  });

  it('finds groups by searching groupOfNames members when memberOf is not used', async () => {
    const directory = createLdapDirectory(
      settings({ groups: { source: 'search', searchBase: groups, searchFilter: '(member={{dn}})' } }),
      log,
    );
    const identity = await directory.authenticate('user004', 'secret-user004');
    expect(identity).toMatchObject({ role: 'supervisor', groups: [`cn=tollgate-supervisors-sales,${groups}`] });
  });

  it('refuses a wrong password, an unknown user and an empty password', async () => {
    const directory = createLdapDirectory(settings(), log);
    await expect(directory.authenticate('user001', 'secret-user002')).resolves.toBeNull();
    await expect(directory.authenticate('nobody', 'secret-user001')).resolves.toBeNull();
    await expect(directory.authenticate('user001', '')).resolves.toBeNull();
  });

  it('refuses an empty password before any bind, even where the server allows unauthenticated binds', async () => {
    // Many servers (AD among them) take a DN with an empty password as an anonymous bind and
    // answer success (RFC 4513 §5.1.2). The dead URL proves no connection is even tried.
    const directory = createLdapDirectory(settings({ urls: [`ldap://127.0.0.1:${await freePort()}`] }), log);
    await expect(directory.authenticate('user001', '')).resolves.toBeNull();
  });

  it('treats filter metacharacters in a username as text (no LDAP injection)', async () => {
    const directory = createLdapDirectory(settings(), log);
    for (const name of ['*', 'user00*', '*)(uid=*', 'user001)(|(uid=*', 'user001\\', 'user001\u0000']) {
      await expect(directory.authenticate(name, 'secret-user001')).resolves.toBeNull();
    }
  });

  it('fails over to the next URL when the first server is not listening', async () => {
    const directory = createLdapDirectory(
      settings({ urls: [`ldap://127.0.0.1:${await freePort()}`, slapd.ldapUrl] }),
      log,
    );
    await expect(directory.authenticate('user003', 'secret-user003')).resolves.toMatchObject({ username: 'user003' });
    expect(lines.some((l) => l.level === 40 && /trying the next/.test(String(l.msg)))).toBe(true);
  });

  it('signs in over StartTLS and over ldaps:// with the CA file', async () => {
    const startTls = createLdapDirectory(settings({ startTls: true, caFile: slapd.caFile }), log);
    await expect(startTls.authenticate('user005', 'secret-user005')).resolves.toMatchObject({ username: 'user005' });
    const ldaps = createLdapDirectory(settings({ urls: [slapd.ldapsUrl], caFile: slapd.caFile }), log);
    await expect(ldaps.authenticate('user005', 'secret-user005')).resolves.toMatchObject({ username: 'user005' });
  });

  it('refuses a server whose certificate another CA signed (StartTLS and ldaps://)', async () => {
    const startTls = createLdapDirectory(settings({ startTls: true, caFile: slapd.wrongCaFile }), log);
    await expect(startTls.authenticate('user005', 'secret-user005')).rejects.toBeInstanceOf(LdapUnavailableError);
    const ldaps = createLdapDirectory(settings({ urls: [slapd.ldapsUrl], caFile: slapd.wrongCaFile }), log);
    await expect(ldaps.authenticate('user005', 'secret-user005')).rejects.toBeInstanceOf(LdapUnavailableError);
  });

  it('answers "unavailable" within the timeout when the servers are closed or never answer', async () => {
    const silent = await startSilentServer();
    try {
      const urls = [`ldap://127.0.0.1:${await freePort()}`, `ldap://127.0.0.1:${silent.port}`];
      const directory = createLdapDirectory(settings({ urls, timeoutMs: 500 }), log);
      const started = Date.now();
      await expect(directory.authenticate('user001', 'secret-user001')).rejects.toBeInstanceOf(LdapUnavailableError);
      expect(Date.now() - started).toBeLessThan(3000);
      const last = lines.at(-1)!;
      expect(last).toMatchObject({ level: 40, msg: 'No LDAP server answered: directory sign-in is unavailable' });
    } finally {
      await silent.close();
    }
  });

  it('reports a refused service bind as unavailable and never logs the service password', async () => {
    const directory = createLdapDirectory(settings({ bindPassword: 'wrong-service-password' }), log);
    await expect(directory.authenticate('user001', 'secret-user001')).rejects.toBeInstanceOf(LdapUnavailableError);
    expect(JSON.stringify(lines)).not.toContain('wrong-service-password');
  });

  it('lists every user page by page', async () => {
    const uids: string[] = [];
    for await (const user of searchUsers(settings(), { attributes: ['uid', 'mail'], pageSize: 50 }, log)) {
      uids.push(user.attributes.uid![0]!);
    }
    expect(uids).toHaveLength(300);
    expect(new Set(uids).size).toBe(300);
  });
});

/** A TCP server that accepts connections and never says a word: a hung directory. */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
