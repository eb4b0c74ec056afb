import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSlapd, testBaseDn, testRootDn, testRootPassword, type SlapdServer } from '../ldap/slapd-server.js';
import { signIn, startWebDaemon, testPassword, type WebDaemon } from './web-daemon.js';

const people = `ou=people,${testBaseDn}`;
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
    adminGroups: [`cn=tollgate-admins,ou=groups,${testBaseDn}`],
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

beforeAll(async () => {
  slapd = await startSlapd();
  // A person of the demo directory with an LDAP account whose password is not her local one.
  const client = new Client({ url: slapd.ldapUrl });
  await client.bind(testRootDn, testRootPassword);
  await client.add(`uid=andrea.sonnino,${people}`, {
    objectClass: 'inetOrgPerson',
    uid: 'andrea.sonnino',
    cn: 'Andrea Sonnino',
    sn: 'Sonnino',
    userPassword: 'ldap-password-andrea',
  });
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

  it('refuses a wrong LDAP password, and an LDAP user unknown to Tollgate\'s directory', async () => {
    expect((await postSignIn(daemon.baseUrl, 'andrea.sonnino', 'not-her-password')).status).toBe(401);
    expect((await postSignIn(daemon.baseUrl, 'user003', 'secret-user003')).status).toBe(401);
    expect(daemon.logs.join('\n')).toContain("LDAP sign-in refused: not a user of Tollgate's directory");
  });

  it('still signs local passwords in first', async () => {
    await expect(signIn(daemon.baseUrl, 'sarah.jones', testPassword)).resolves.toMatch(/=/);
  });
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
