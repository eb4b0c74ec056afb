import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startSlapd,
  testBaseDn,
  testRootDn,
  testRootPassword,
  type SlapdServer,
} from '../ldap/slapd-server.js';
import { formSession, signIn, startWebDaemon, testPassword, type WebDaemon } from './web-daemon.js';

const people = `ou=people,${testBaseDn}`;
const groups = `ou=groups,${testBaseDn}`;
const adminsGroup = `cn=tollgate-admins,${groups}`;
const salesSupervisors = `cn=tollgate-supervisors-sales,${groups}`;
/** A supervisor group that names no departments: its members see the departments they manage. */
const managers = `cn=tollgate-managers,${groups}`;
let slapd: SlapdServer;

/** The LDAP settings of a daemon whose directory is the test slapd (or whatever `urls` say). */
function ldapConfig(urls: string[]) {
  return {
    enabled: true,
    urls,
    bindDn: testRootDn,
    bindPassword: testRootPassword,
    searchBase: people,
    userFilter: '(uid={{username}})',
    usernameAttribute: 'uid',
    adminGroups: [adminsGroup],
    supervisorGroups: [{ group: salesSupervisors, departments: ['Sales'] }, { group: managers }],
    timeoutMs: 1000,
  };
}

/** Sign-in through the form; the status and the session cookie, if any. */
async function postSignIn(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

async function setMembership(client: Client, group: string, uid: string, operation: 'add' | 'delete') {
  const modification = new Attribute({ type: 'member', values: [`uid=${uid},${people}`] });
  await client.modify(group, new Change({ operation, modification }));
}

beforeAll(async () => {
  slapd = await startSlapd();
  // A person of the demo directory with an LDAP account whose password is not her local one.
  const client = new Client({ url: slapd.ldapUrl });
  await client.bind(testRootDn, testRootPassword);
  for (const uid of ['andrea.sonnino', 'sarah.jones', 'lukas.meyer', 'marco.rossi']) {
    const [first = uid, last = uid] = uid.split('.');
    await client.add(`uid=${uid},${people}`, {
      objectClass: 'inetOrgPerson',
      uid,
      cn: uid,
      sn: last,
      userPassword: `ldap-password-${first}`,
    });
  }
  await client.add(managers, {
    objectClass: 'groupOfNames',
    cn: 'tollgate-managers',
    member: `uid=marco.rossi,${people}`,
  });
  await setMembership(client, adminsGroup, 'sarah.jones', 'add');
  await setMembership(client, salesSupervisors, 'lukas.meyer', 'add');
  await client.unbind();
}, 90_000);
afterAll(async () => {
  await slapd?.stop();
});

describe('web sign-in with LDAP (real slapd, real HTTP)', () => {
  let daemon: WebDaemon;
  beforeAll(async () => {
    daemon = await startWebDaemon({ config: { ldap: ldapConfig([slapd.ldapUrl]) } });
  }, 90_000);
  afterAll(async () => {
    await daemon?.close();
  });

  it('signs a directory user in with their LDAP password and the session opens their pages', async () => {
    const { status, cookie } = await postSignIn(daemon.baseUrl, 'andrea.sonnino', 'ldap-password-andrea');
    expect(status).toBe(303);
    const page = await fetch(`${daemon.baseUrl}/phone-lock`, { headers: { cookie: cookie! }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(daemon.logs.join('\n')).toMatch(/"account":"andrea.sonnino".*"source":"local\+ldap".*"msg":"web sign-in"/);
  });

  it("refuses a wrong LDAP password, and an LDAP user unknown to Tollgate's directory", async () => {
    expect((await postSignIn(daemon.baseUrl, 'andrea.sonnino', 'not-her-password')).status).toBe(401);
    expect((await postSignIn(daemon.baseUrl, 'user003', 'secret-user003')).status).toBe(401);
    expect(daemon.logs.join('\n')).toContain("LDAP sign-in refused: not a user of Tollgate's directory");
  });

  it('still signs local passwords in first', async () => {
    await expect(signIn(daemon.baseUrl, 'sarah.jones', testPassword)).resolves.toMatch(/=/);
  });

  describe('roles granted by LDAP groups', rolesFromGroups);

  function rolesFromGroups() {
    async function ldapSession(username: string) {
      const { status, cookie } = await postSignIn(daemon.baseUrl, username, `ldap-password-${username.split('.')[0]}`);
      expect(status, `LDAP sign-in of ${username}`).toBe(303);
      return formSession(daemon.baseUrl, cookie!);
    }
    const lineOf = async (extension: string) =>
      String((await daemon.tollgate.directory.linesByExtension(extension))[0]?.id);

    it("gives a member of the admin group the administrator's pages and actions", async () => {
      const sarah = await ldapSession('sarah.jones');
      for (const path of ['/audit', '/budgets', '/phone-lock/users'])
        expect((await sarah.get(path)).status, path).toBe(200);
      const users = await (await sarah.get('/phone-lock/users')).text();
      for (const who of ['giulia.bianchi', 'marco.rossi', 'andrea.sonnino']) expect(users).toContain(who);
      expect(
        (await sarah.post(`/phone-lock/users/lines/${await lineOf('2002')}/admin-lock`, { locked: '1' })).status,
      ).toBe(303);
      expect((await daemon.tollgate.locks.getLineState({ lineId: Number(await lineOf('2002')) })).kinds).toContain(
        'admin',
      );
      expect(daemon.logs.join('\n')).toMatch(/"account":"sarah.jones","role":"admin".*"msg":"web sign-in"/);
    });

    it(
      "limits a member of a supervisor group to the group's departments, in the pages and in the " + 'services',
      async () => {
        const lukas = await ldapSession('lukas.meyer');
        const users = await (await lukas.get('/phone-lock/users')).text();
        expect(users).toContain('andrea.sonnino');
        for (const outsider of ['sarah.jones', 'marco.rossi']) expect(users).not.toContain(outsider);
        expect((await lukas.get('/audit')).status).toBe(403);
        expect(
          (await lukas.post(`/phone-lock/users/lines/${await lineOf('2003')}/admin-lock`, { locked: '1' })).status,
        ).toBe(303);
        expect(
          (await lukas.post(`/phone-lock/users/lines/${await lineOf('2004')}/admin-lock`, { locked: '1' })).status,
        ).toBe(404);
      },
    );

    it(
      'gives a supervisor group without departments the departments the directory names the person ' + 'manager of',
      async () => {
        const marco = await ldapSession('marco.rossi');
        const users = await (await marco.get('/phone-lock/users')).text();
        expect(users).toContain('lukas.meyer');
        expect(users).not.toContain('andrea.sonnino');
      },
    );

    it('never lends the LDAP grant to a session opened with the local password', async () => {
      expect((await (await ldapSession('sarah.jones')).get('/audit')).status).toBe(200);
      const local = await formSession(daemon.baseUrl, await signIn(daemon.baseUrl, 'sarah.jones', testPassword));
      expect((await local.get('/audit')).status).toBe(403);
    });

    it('makes a person removed from the group a plain user at the next LDAP sign-in, in every session', async () => {
      const before = await ldapSession('lukas.meyer');
      expect((await before.get('/phone-lock/users')).status).toBe(200);
      const client = new Client({ url: slapd.ldapUrl });
      await client.bind(testRootDn, testRootPassword);
      await setMembership(client, salesSupervisors, 'lukas.meyer', 'delete');
      await client.unbind();
      const after = await ldapSession('lukas.meyer');
      for (const session of [after, before]) {
        expect((await session.get('/phone-lock/users')).status).toBe(403);
        expect(
          (await session.post(`/phone-lock/users/lines/${await lineOf('2003')}/admin-lock`, { locked: '0' })).status,
        ).toBe(403);
        expect((await session.get('/phone-lock')).status).toBe(200);
      }
    });
  }
});

describe('web sign-in when the LDAP server is down', () => {
  let daemon: WebDaemon;
  beforeAll(async () => {
    daemon = await startWebDaemon({ config: { ldap: ldapConfig([`ldap://127.0.0.1:${await freePort()}`]) } });
  }, 90_000);
  afterAll(async () => {
    await daemon?.close();
  });

  it('keeps local accounts working and answers an LDAP user "unavailable" (503) at once', async () => {
    await expect(signIn(daemon.baseUrl, 'sarah.jones', testPassword)).resolves.toMatch(/=/);
    const started = Date.now();
    expect((await postSignIn(daemon.baseUrl, 'andrea.sonnino', 'ldap-password-andrea')).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(daemon.logs.join('\n')).toContain('No LDAP server answered');
  });
});
