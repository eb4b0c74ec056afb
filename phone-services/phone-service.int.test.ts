import { connect } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../src/cli/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createPhoneBrowser, type PhoneScreenSeen } from '../test/phone/phone-browser.js';
import {
  composePhoneLockDaemon,
  importPhoneLockDirectory,
  type PhoneLockDaemon,
} from '../test/phone/phone-lock-daemon.js';

const john = 'SEP00AA00000002';
const menuOf = (device: string) => `/phone/menu?name=${device}`;
const modern = { 'x-CiscoIPPhoneModelName': 'CP-8845', 'Accept-Charset': 'utf-8,iso-8859-1;q=0.8' };
const classic = { 'x-CiscoIPPhoneModelName': 'CP-7942G', 'Accept-Charset': 'iso-8859-1,utf-8;q=0.8' };
const admin = { actor: 'root', via: 'cli' as const, role: 'admin' as const };

function expectEveryUrlCarriesTheDevice(screen: PhoneScreenSeen, device: string): void {
  for (const url of screen.urls.filter((u) => u.startsWith('http'))) {
    expect(url.length).toBeLessThanOrEqual(256);
    expect(new URL(url).searchParams.get('name')).toBe(device);
  }
}

describe.each(databaseKindsUnderTest())('the phone service over HTTP on %s', (kind) => {
  let db: TestDatabase;
  let d: PhoneLockDaemon;
  const phone = (headers = modern) => createPhoneBrowser(d.tollgate.app, headers);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    d = await composePhoneLockDaemon(db.dataSource, { phone: { push: { enabled: false } } });
    await importPhoneLockDirectory(d.tollgate);
  });
  afterAll(async () => {
    await d.tollgate.stop();
    await db.close();
  });

  it('locks, shows the status and unlocks a line with the PIN: menu, PIN entry, result', async () => {
    const browser = phone(classic);
    const menu = await browser.get(menuOf(john));
    expect(menu.kind).toBe('CiscoIPPhoneMenu');
    expect(menu.title).toBe('Phone Lock 3002');
    expect(menu.prompt).toBe('Please change your PIN');
    expect(menu.items.map((i) => i.name)).toEqual(['Lock my line', 'Change PIN', 'Lock status']);
    expect(menu.softKeys).toEqual([
      { name: 'Select', position: 1, url: 'SoftKey:Select' },
      { name: 'Exit', position: 2, url: 'Init:Services' },
    ]);
    expectEveryUrlCarriesTheDevice(menu, john);

    const entry = await browser.choose(menu, 'Lock my line');
    expect(entry.kind).toBe('CiscoIPPhoneInput');
    expect(entry.fields).toEqual([{ label: 'PIN', param: 'pin', flags: 'NP' }]);
    expect(entry.softKeys.map((k) => [k.name, k.url])).toEqual([
      ['Submit', 'SoftKey:Submit'],
      ['<<', 'SoftKey:<<'],
      ['Back', expect.stringContaining('/phone/menu?name=SEP00AA00000002')],
    ]);
    expect(new Date(entry.headers.expires as string).getTime()).toBeLessThan(Date.now());

    const wrong = await browser.submit(entry, { pin: '0000' });
    expect(wrong.kind).toBe('CiscoIPPhoneText');
    expect(wrong.text).toBe('Wrong PIN. 4 attempts left.');
    expect((await d.tollgate.locks.getLineState({ extension: '3002' })).locked).toBe(false);

    const retry = await browser.press(wrong, 'Retry');
    const locked = await browser.submit(retry, { pin: '1470' });
    expect(locked.prompt).toBe('Line locked');
    expect(locked.text).toMatch(
      /^Line 3002 is now locked\. Outgoing calls are blocked, except emergency numbers\.\n\n/,
    );
    expect(locked.text).toContain('\n\nYou are still using the PIN you were given');
    expect(locked.softKeys.map((k) => k.name)).toEqual(['PIN', 'Back', 'Exit']);
    expect(new Date(locked.headers.expires as string).getTime()).toBeLessThan(Date.now());
    expect(await d.tollgate.locks.getLineState({ extension: '3002' })).toMatchObject({ locked: true, kinds: ['user'] });
    expect(d.lockEvents.at(-1)).toMatchObject({ extension: '3002', kinds: ['user'], via: 'phone', actor: john });

    const status = await browser.choose(await browser.press(locked, 'Back'), 'Lock status');
    expect(status.text).toBe('Line 3002: LOCKED (by you)\nsince 02/03/2026, 10:00');

    const again = await browser.get(menuOf(john));
    expect(again.items[0]?.name).toBe('Unlock my line');
    const unlockEntry = await browser.choose(again, 'Unlock my line');
    const unlocked = await browser.submit(unlockEntry, { pin: '1470' });
    expect(unlocked.text).toMatch(/^Line 3002 is now unlocked\. Outgoing calls are allowed\./);
    expect(await d.tollgate.locks.getLineState({ extension: '3002' })).toMatchObject({ locked: false, kinds: [] });
  });

  it('changes the PIN on the phone: old, new, new again; mistakes cost no PIN attempt', async () => {
    const browser = phone(modern);
    const device = 'SEP00AA00000003';
    const form = await browser.choose(await browser.get(menuOf(device)), 'PIN ändern');
    expect(form.title).toBe('PIN ändern');
    expect(form.fields).toEqual([
      { label: 'Aktuelle PIN', param: 'old', flags: 'NP' },
      { label: 'Neue PIN', param: 'new', flags: 'NP' },
      { label: 'Neue PIN wiederholen', param: 'confirm', flags: 'NP' },
    ]);
    expect((await browser.submit(form, { old: '3690', new: '4812', confirm: '4821' })).text).toBe(
      'Die beiden neuen PINs stimmen nicht überein. Bitte erneut versuchen.',
    );
    expect((await browser.submit(form, { old: '3690', new: '1234', confirm: '1234' })).text).toMatch(
      /zu leicht zu erraten/,
    );
    expect((await browser.submit(form, { old: '3690', new: '48', confirm: '48' })).text).toBe(
      'Die neue PIN muss genau 4 Ziffern haben.',
    );
    expect((await d.tollgate.locks.pinStatus({ extension: '3003' })).lockedOutUntil).toBeNull();

    const done = await browser.submit(form, { old: '3690', new: '4812', confirm: '4812' });
    expect(done.text).toBe('Ihre PIN wurde geändert.');
    const menu = await browser.get(menuOf(device));
    expect(menu.prompt).toBe('Option wählen');
    const withOld = await browser.submit(await browser.choose(menu, 'Meine Leitung sperren'), { pin: '3690' });
    expect(withOld.text).toBe('Falsche PIN. Noch 4 Versuche.');
    const withNew = await browser.submit(await browser.choose(menu, 'Meine Leitung sperren'), { pin: '4812' });
    expect(withNew.text).toMatch(/^Leitung 3003 ist jetzt gesperrt\./);
    expect(withNew.text).not.toMatch(/zugeteilte PIN/);
  });

  it('refuses to let the user lift an admin lock, without asking for or spending a PIN', async () => {
    const browser = phone(modern);
    const device = 'SEP00AA00000004';
    await d.tollgate.locks.setLock({ extension: '3004' }, 'admin', admin);
    const menu = await browser.get(menuOf(device));
    expect(menu.items[0]?.name).toBe('Déverrouiller ma ligne');
    const refused = await browser.choose(menu, 'Déverrouiller ma ligne');
    expect(refused.kind).toBe('CiscoIPPhoneText');
    expect(refused.text).toBe(
      "La ligne 3004 est verrouillée par l'administrateur. Seul l'administrateur peut la déverrouiller.",
    );
    const lineId = (await d.tollgate.locks.getLineState({ extension: '3004' })).lineId;
    const forged = await browser.get(`/phone/unlock/submit?name=${device}&line=${lineId}&pin=2591`);
    expect(forged.text).toMatch(/verrouillée par l'administrateur/);
    expect(await d.tollgate.locks.getLineState({ extension: '3004' })).toMatchObject({ kinds: ['admin'] });
    expect(await d.tollgate.locks.history({ extension: '3004' }, { limit: 1 })).toEqual([
      expect.objectContaining({ action: 'set', kind: 'admin' }),
    ]);

    await d.tollgate.locks.clearLock({ extension: '3004' }, 'admin', admin);
    await d.tollgate.locks.setLock({ extension: '3004' }, 'budget', {
      actor: 'budget:1',
      via: 'budget',
      role: 'system',
    });
    expect((await browser.choose(await browser.get(menuOf(device)), 'Déverrouiller ma ligne')).text).toMatch(
      /budget d'appels est épuisé/,
    );
    await d.tollgate.locks.clearLock({ extension: '3004' }, 'budget', admin);
  });

  it(
    'blocks PIN entry after five wrong PINs from any phone of the line, also after a restart, and ' +
      'says for how long',
    async () => {
      const one = phone(modern);
      const shared = phone(classic);
      const annaOnShared = await shared.get(menuOf('SEP00AA00000006'));
      expect(annaOnShared.title).toBe('Phone Lock');
      const annaLine = annaOnShared.items.find((i) => i.name.startsWith('3001'));
      expect(annaLine).toBeDefined();
      const answers: string[] = [];
      for (const browser of [one, one, shared, shared, one]) {
        const menu =
          browser === one ? await browser.get(menuOf('SEP00AA00000001')) : await browser.get(annaLine?.url as string);
        answers.push((await browser.submit(await browser.choose(menu, /^Blocca la mia linea$/), { pin: '9999' })).text);
      }
      expect(answers.slice(0, 4)).toEqual([
        'PIN errato. Restano 4 tentativi.',
        'PIN errato. Restano 3 tentativi.',
        'PIN errato. Restano 2 tentativi.',
        'PIN errato. Resta 1 tentativo.',
      ]);
      expect(answers[4]).toMatch(/Troppi PIN errati/);

      const restarted = await composePhoneLockDaemon(db.dataSource, { phone: { push: { enabled: false } } }, d.clock);
      const after = createPhoneBrowser(restarted.tollgate.app, modern);
      const blocked = await after.choose(await after.get(menuOf('SEP00AA00000001')), 'Blocca la mia linea');
      expect(blocked.kind).toBe('CiscoIPPhoneText');
      expect(blocked.text).toBe('Troppi PIN errati. Riprova tra 15 minuti.');
      d.clock.advance(15 * 60_000);
      const open = await after.choose(await after.get(menuOf('SEP00AA00000001')), 'Blocca la mia linea');
      expect((await after.submit(open, { pin: '2580' })).prompt).toBe('Linea bloccata');
      await restarted.tollgate.stop();
    },
  );

  it('offers a line picker on a phone with several lines, in the user language', async () => {
    const browser = phone(modern);
    const picker = await browser.get(menuOf('SEP00AA00000005'));
    expect(picker.prompt).toBe('Elija una línea');
    expect(picker.items.map((i) => i.name)).toEqual(['3005 PT_Internal (libre)', '3005 PT_Branch (libre)']);
    expect(picker.softKeys.map((k) => [k.position, k.name])).toEqual([
      [1, 'Salir'],
      [2, 'Elegir'],
    ]);
    const branch = await browser.choose(picker, /PT_Branch/);
    expect(branch.title).toBe('3005 PT_Branch');
    expect(branch.softKeys.map((k) => k.name)).toEqual(['Atrás', 'Salir', 'Elegir']);
    const locked = await browser.submit(await browser.choose(branch, 'Bloquear mi línea'), { pin: '8642' });
    expect(locked.prompt).toBe('Línea bloqueada');
    expect(await d.tollgate.locks.getLineState({ extension: '3005', partition: 'PT_Internal' })).toMatchObject({
      locked: false,
    });
    const status = await browser.get('/phone/status?name=SEP00AA00000005');
    expect(status.text).toMatch(
      /^Línea 3005 PT_Internal: libre\n\nLínea 3005 PT_Branch: BLOQUEADA \(por usted\)\ndesde /,
    );
  });

  it('answers ISO-8859-1 to a phone whose Accept-Charset lacks UTF-8, and UTF-8 otherwise', async () => {
    const latin = await phone({ 'x-CiscoIPPhoneModelName': 'CP-7921G', 'Accept-Charset': 'iso-8859-1' }).get(
      menuOf('SEP00AA00000005'),
    );
    expect(latin.headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
    expect(latin.bytes.includes(Buffer.from('l\xednea', 'latin1'))).toBe(true);
    const utf8 = await phone(modern).get(menuOf('SEP00AA00000005'));
    expect(utf8.headers['content-type']).toBe('text/xml; charset=UTF-8');
    expect(utf8.bytes.includes(Buffer.from('línea', 'utf8'))).toBe(true);
  });

  it(
    'speaks Polish to a user whose directory language is pl, counting the attempts left with ' + 'Polish plurals',
    async () => {
      const browser = phone(modern);
      const menu = await browser.get(menuOf('SEP00AA00000008'));
      expect([menu.title, menu.prompt]).toEqual(['Blokada telefonu 3006', 'Zmień swój PIN']);
      expect(menu.items.map((i) => i.name)).toEqual(['Zablokuj moją linię', 'Zmień PIN', 'Stan blokady']);
      const entry = await browser.choose(menu, 'Zablokuj moją linię');
      expect(entry.prompt).toBe('Wpisz PIN (4 cyfry)');
      const answers: string[] = [];
      for (let i = 0; i < 5; i++) answers.push((await browser.submit(entry, { pin: '0000' })).text);
      expect(answers).toEqual([
        'Błędny PIN. Zostały 4 próby.',
        'Błędny PIN. Zostały 3 próby.',
        'Błędny PIN. Zostały 2 próby.',
        'Błędny PIN. Została 1 próba.',
        'Błędny PIN. Zbyt wiele błędnych prób: wpisywanie PIN-u jest na jakiś czas zablokowane.',
      ]);
      expect((await browser.choose(await browser.get(menuOf('SEP00AA00000008')), 'Zablokuj moją linię')).text).toBe(
        'Zbyt wiele błędnych PIN-ów. Spróbuj ponownie za 15 minut.',
      );
      const latin = await phone({ 'x-CiscoIPPhoneModelName': 'CP-7921G', 'Accept-Charset': 'iso-8859-1' }).get(
        menuOf('SEP00AA00000008'),
      );
      expect(latin.items.map((i) => i.name)).toEqual(['Zablokuj moja linie', 'Zmien PIN', 'Stan blokady']);
    },
  );

  it(
    'speaks Arabic in UTF-8 to a user whose directory language is ar, and the default language to ' +
      'a Latin-1-only phone',
    async () => {
      const utf8 = await phone(modern).get(menuOf('SEP00AA00000009'));
      expect(utf8.headers['content-type']).toBe('text/xml; charset=UTF-8');
      expect([utf8.title, utf8.prompt]).toEqual(['قفل الهاتف 3007', 'يرجى تغيير رمز PIN']);
      expect(utf8.items.map((i) => i.name)).toEqual(['قفل خطي', 'تغيير رمز PIN', 'حالة القفل']);
      expect(utf8.bytes.includes(Buffer.from('قفل خطي', 'utf8'))).toBe(true);
      const entry = await phone(modern).choose(utf8, 'قفل خطي');
      expect(entry.prompt).toBe('أدخل رمز PIN (4 أرقام)');
      expect((await phone(modern).submit(entry, { pin: '0000' })).text).toBe('رمز PIN خاطئ. تبقّت 4 محاولات.');
      const latin = await phone({ 'x-CiscoIPPhoneModelName': 'CP-7921G', 'Accept-Charset': 'iso-8859-1' }).get(
        menuOf('SEP00AA00000009'),
      );
      expect(latin.headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
      expect([latin.title, latin.items[0]?.name]).toEqual(['Phone Lock 3007', 'Lock my line']);
    },
  );

  it('answers every problem with a clear CiscoIPPhoneText, never an error page', async () => {
    const browser = phone(modern);
    expect((await browser.get('/phone/menu')).text).toMatch(/#DEVICENAME#/);
    expect((await browser.get('/phone/menu?name=%3Cscript%3E')).text).toMatch(/#DEVICENAME#/);
    expect((await browser.get('/phone/menu?name=SEP0000DEADBEEF')).text).toBe(
      'Phone SEP0000DEADBEEF is not in the Phone Lock directory. Ask your administrator.',
    );
    expect((await browser.get('/phone/menu?name=SEP00AA00000007')).text).toMatch(/has no line/);
    expect((await browser.get(`/phone/lock?name=${john}&line=999999`)).text).toBe('This line is not on this phone.');
    expect((await browser.get(`/phone/no/such/screen?name=${john}`)).text).toMatch(/not available/);
    const roomLine = (await d.tollgate.locks.getLineState({ extension: '3099' })).lineId;
    expect((await browser.get(`/phone/lock?name=SEP00AA00000006&line=${roomLine}`)).text).toBe(
      'No PIN is set for this line. Ask your administrator to reset it.',
    );
    const johnLine = (await d.tollgate.locks.getLineState({ extension: '3002' })).lineId;
    expect((await browser.get(`/phone/lock/submit?name=${john}&line=${johnLine}&pin=`)).text).toBe(
      'Please enter your PIN.',
    );
  });

  it('reads PINs appended with a second question mark, as some firmware does', async () => {
    const lineId = (await d.tollgate.locks.getLineState({ extension: '3002' })).lineId;
    const result = await phone(modern).get(`/phone/lock/submit?name=${john}&line=${lineId}?pin=1470`);
    expect(result.prompt).toBe('Line locked');
    await d.tollgate.locks.clearLock({ lineId }, 'user', admin);
  });

  it('counts screens and PIN refusals in the Prometheus metrics', async () => {
    const res = await request(d.tollgate.app).get('/metrics').expect(200);
    expect(res.text).toMatch(/^tollgate_phone_screens_total\{path="\/lock\/submit",result="WRONG_PIN"\} [1-9]\d*$/m);
    expect(res.text).toMatch(/^tollgate_phone_screens_total\{path="\/menu",result="ok"\} [1-9]\d*$/m);
    expect(res.text).toMatch(/^tollgate_phone_screens_total\{path="\/menu",result="unknown-device"\} 1$/m);
  });

  it('answers an HTTP/1.0 phone with a Content-Length and no chunked body', async () => {
    const server = await listenOnLoopback(d.tollgate);
    try {
      const { port } = new URL(server.url);
      const raw = await new Promise<string>((resolve, reject) => {
        // HTTP/1.0 without keep-alive: the server answers, then closes the connection.
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`GET ${menuOf(john)} HTTP/1.0\r\nAccept-Charset: iso-8859-1\r\n\r\n`),
        );
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
        socket.on('error', reject);
      });
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(head).toMatch(/\r\nContent-Type: text\/xml; charset=ISO-8859-1\r\n/);
      expect(head).not.toMatch(/Transfer-Encoding/i);
      expect(head).toContain(`\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n`);
      expect(body.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?><CiscoIPPhoneMenu>')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('never writes a PIN to the log', () => {
    // pino's own timestamp is real time and may hold any digits: leave it out.
    const joined = d.logs
      .map((line) => JSON.stringify({ ...(JSON.parse(line) as object), time: undefined }))
      .join('\n');
    expect(joined).toMatch(/phone screen/);
    expect(joined).not.toMatch(/pin=|old=|"pin"|1470|2580|3690|4812/);
  });

  it('answers the authentication URL exactly AUTHORIZED or UN-AUTHORIZED', async () => {
    const authed = await composePhoneLockDaemon(db.dataSource, {
      phone: { push: { username: 'tollgate-push', password: 'pa:ss w0rd' } },
    });
    const app = authed.tollgate.app;
    const ok = await request(app)
      .get('/phone/authenticate')
      .query({ UserID: 'tollgate-push', Password: 'pa:ss w0rd', devicename: john });
    expect([ok.status, ok.headers['content-type'], ok.text]).toEqual([200, 'text/plain', 'AUTHORIZED']);
    expect(ok.headers['x-request-id']).toBeUndefined();
    const lower = await request(app)
      .post('/phone/authenticate')
      .type('form')
      .send({ userid: 'tollgate-push', password: 'pa:ss w0rd', DeviceName: john });
    expect(lower.text).toBe('AUTHORIZED');
    expect(
      (await request(app).get('/phone/authenticate').query({ UserID: 'tollgate-push', Password: 'wrong' })).text,
    ).toBe('UN-AUTHORIZED');
    expect((await request(app).get('/phone/authenticate')).text).toBe('UN-AUTHORIZED');
    expect((await request(d.tollgate.app).get('/phone/authenticate').query({ UserID: '', Password: '' })).text).toBe(
      'UN-AUTHORIZED',
    );
    await authed.tollgate.stop();
  });
});
