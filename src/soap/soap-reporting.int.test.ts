import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BasicAuthSecurity, createClientAsync, WSSecurity, type Client } from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, makeTempDir } from '../../test/harness/index.js';
import { openSoapFixture, ROOT, SUE, type SoapFixture } from '../../test/soap/soap-fixture.js';
import { envelope, post } from '../../test/soap/soap-http.js';

const february = { From: '2021-02-01', To: '2021-02-28', TimeZone: 'Europe/Rome' };

async function faultOf(call: Promise<unknown>): Promise<{ faultcode: string; faultstring: string; status: number }> {
  try {
    await call;
  } catch (err) {
    const e = err as {
      root?: { Envelope?: { Body?: { Fault?: { faultcode: string; faultstring: string } } } };
      response?: { status: number };
    };
    const fault = e.root?.Envelope?.Body?.Fault;
    if (fault) return { ...fault, status: e.response?.status ?? 0 };
    throw err;
  }
  throw new Error('expected a SOAP Fault');
}

describe.each(databaseKindsUnderTest())('SOAP reporting API on %s', (kind) => {
  let f: SoapFixture;
  let root: Client;
  let sue: Client;

  beforeAll(async () => {
    f = await openSoapFixture(kind);
    root = await createClientAsync(`${f.url}/soap/reporting?wsdl`);
    root.setSecurity(new BasicAuthSecurity(ROOT.username, ROOT.password));
    sue = await createClientAsync(`${f.url}/soap/reporting?wsdl`);
    sue.setSecurity(new WSSecurity(SUE.username, SUE.password, { passwordType: 'PasswordText', hasTimeStamp: false }));
  });
  afterAll(async () => f.close());

  it('serves a WSDL documenting every operation, addressed at the host the client used', async () => {
    const response = await fetch(`${f.url}/soap/reporting?wsdl`);
    expect(response.headers.get('content-type')).toMatch(/text\/xml/);
    const wsdl = await response.text();
    for (const op of [
      'GetCalls',
      'GetCostSummary',
      'GetCallTrend',
      'GetBudgetStatus',
      'GetBudgetHistory',
      'GetLockStatus',
      'GetLockHistory',
      'SetAdminLock',
      'ClearAdminLock',
      'ResetPin',
      'GetCdrIngestStatus',
      'GetCurriDecisions',
    ]) {
      expect(wsdl).toContain(`<wsdl:operation name="${op}">`);
    }
    expect(wsdl).toContain(`<soap:address location="${f.url}/soap/reporting"/>`);
    expect(Object.keys(root.describe().ReportingService.ReportingPort)).toContain('GetCostSummary');
  });

  it("answers with documents the WSDL's own schema validates (xmllint)", async () => {
    const tmp = makeTempDir('tollgate-wsdl-');
    try {
      const wsdl = await (await fetch(`${f.url}/soap/reporting?wsdl`)).text();
      const schema = /<xsd:schema[\s\S]*<\/xsd:schema>/
        .exec(wsdl)![0]
        .replace(
          '<xsd:schema ',
          '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:tollgate:reporting:1" ',
        );
      writeFileSync(join(tmp.path, 'reporting.xsd'), schema);
      const calls = {
        Filter: { ...february },
        Field: ['Id', 'Start', 'Extension', 'Answered', 'Number', 'Duration', 'Cost', 'Currency', 'Mos'],
      };
      const answers = [
        ['GetCallsResponse', () => root.GetCallsAsync(calls)],
        ['GetCostSummaryResponse', () => root.GetCostSummaryAsync({ Filter: february, GroupBy: 'Nation' })],
        ['GetCallTrendResponse', () => root.GetCallTrendAsync({ Filter: february, Interval: 'week' })],
        ['GetBudgetStatusResponse', () => root.GetBudgetStatusAsync({})],
        ['GetCdrIngestStatusResponse', () => root.GetCdrIngestStatusAsync({})],
        ['GetCurriDecisionsResponse', () => root.GetCurriDecisionsAsync(february)],
      ] as const;
      for (const [element, call] of answers) {
        await call();
        const doc = new RegExp(`<${element}[\\s\\S]*</${element}>`).exec(root.lastResponse as string)![0];
        writeFileSync(join(tmp.path, `${element}.xml`), doc);
        const lint = spawnSync(
          'xmllint',
          ['--noout', '--schema', join(tmp.path, 'reporting.xsd'), join(tmp.path, `${element}.xml`)],
          { encoding: 'utf8' },
        );
        expect(lint.stderr, element).toMatch(/ validates$/m);
      }
    } finally {
      tmp.cleanup();
    }
  });

  it(
    'lists calls for an administrator through the soap client with HTTP Basic: chosen fields, full ' +
      'numbers, exact money',
    async () => {
      const [answer] = await root.GetCallsAsync({
        Filter: { ...february, Traffic: 'external', Direction: ['outgoing'] },
        Field: ['Id', 'Start', 'Extension', 'Number', 'Cost'],
        Sort: [{ Field: 'Cost', Descending: true }],
      });
      expect(answer.Call.map((c: { Id: number }) => c.Id)).toEqual([
        f.calls.singapore,
        f.calls.mobile,
        f.calls.midnight,
        f.calls.france,
      ]);
      expect(answer.Call[0]).toEqual({
        Id: f.calls.singapore,
        Start: new Date('2021-02-01T08:00:00Z'),
        Extension: '211',
        Number: '006599775544',
        Cost: 2.5,
        CostMinor: 250,
        Currency: 'EUR',
      });
      expect(answer).toMatchObject({
        TimeZone: 'Europe/Rome',
        Page: 1,
        HasMore: false,
        FilterText: expect.arrayContaining(['Traffic type: external']),
      });
      expect(root.lastResponse).toContain('<Start>2021-02-01T09:00:00+01:00</Start>');
      expect(root.lastResponse).toContain('<Cost>2.50</Cost>');
    },
  );

  it("selects international calls: another country than the line's site's", async () => {
    const [answer] = await root.GetCallsAsync({
      Filter: { ...february, International: true },
      Field: ['Id', 'Nation'],
    });
    expect(answer.Call).toEqual([
      { Id: f.calls.singapore, Nation: 'SG' },
      { Id: f.calls.france, Nation: 'FR' },
    ]);
    expect(answer.FilterText).toContain('International numbers only');
  });

  it('pages calls', async () => {
    const [page] = await root.GetCallsAsync({ Filter: february, Field: ['Id'], Page: 2, PageSize: 3 });
    expect(page.Call.map((c: { Id: number }) => c.Id)).toEqual([f.calls.incoming, f.calls.missed, f.calls.internal]);
    expect(page.HasMore).toBe(true);
  });

  it('pages calls by the Next token, as deep as they go, to the same calls as by number', async () => {
    const [all] = await root.GetCallsAsync({ Filter: february, Field: ['Id'], PageSize: 100 });
    const ids: number[] = [];
    let answer = (await root.GetCallsAsync({ Filter: february, Field: ['Id'], PageSize: 3 }))[0];
    ids.push(...answer.Call.map((c: { Id: number }) => c.Id));
    const pages = [answer.Page];
    while (answer.HasMore) {
      answer = (await root.GetCallsAsync({ Filter: february, Field: ['Id'], PageSize: 3, After: answer.Next }))[0];
      ids.push(...answer.Call.map((c: { Id: number }) => c.Id));
      pages.push(answer.Page);
    }
    expect(answer.Next).toBeUndefined();
    expect(ids).toEqual(all.Call.map((c: { Id: number }) => c.Id));
    expect(pages).toEqual(pages.map((_, i) => i + 1));
    expect(pages.length).toBeGreaterThan(2);
  });

  it('refuses a forged After, and After with Page, as client faults', async () => {
    const fault = async (args: Record<string, unknown>) =>
      (await root.GetCallsAsync({ Filter: february, ...args }).catch((e: { root: unknown }) => e.root)) as {
        Envelope: { Body: { Fault: { faultstring: string } } };
      };
    expect((await fault({ After: '2.bm90LWpzb24' })).Envelope.Body.Fault.faultstring).toMatch(/cursor is not valid/);
    expect((await fault({ After: 'x.W10' })).Envelope.Body.Fault.faultstring).toMatch(/not a Next this API gave/);
    expect((await fault({ After: '2.WzEsMl0', Page: 2 })).Envelope.Body.Fault.faultstring).toMatch(
      /Page or After, not both/,
    );
  });

  it('limits a supervisor (WS-Security UsernameToken) to their departments, with external numbers masked', async () => {
    const [answer] = await sue.GetCallsAsync({ Filter: february, Field: ['Extension', 'Number'] });
    expect(answer.Call).toEqual([
      { Extension: '729', Number: '0698765***' },
      { Extension: '729', Number: '0611111***' },
      { Extension: '731', Number: '0033123456***' },
      { Extension: '729', Number: '0622222***' },
    ]);
    const [summary] = await sue.GetCostSummaryAsync({ Filter: february, GroupBy: 'Department' });
    expect(summary.Group.map((g: { Label: string }) => g.Label)).toEqual(['Support']);
  });

  it('sums cost by department with totals, and trends by week', async () => {
    const [summary] = await root.GetCostSummaryAsync({ Filter: february, GroupBy: 'Department', Top: 1 });
    expect(summary).toMatchObject({ GroupBy: 'Department', GroupCount: 2 });
    expect(summary.Group).toEqual([
      {
        Key: expect.any(String),
        Label: 'Sales',
        Calls: 4,
        Answered: 4,
        Unanswered: 0,
        DurationSeconds: 230,
        Cost: 3,
        CostMinor: 300,
        AverageCost: 1,
        Currency: 'EUR',
      },
    ]);
    expect(summary.Total).toEqual([
      {
        Calls: 8,
        Answered: 5,
        Unanswered: 3,
        DurationSeconds: 430,
        Cost: 3,
        CostMinor: 300,
        AverageCost: 0.75,
        Currency: 'EUR',
      },
    ]);
    const [trend] = await root.GetCallTrendAsync({ Filter: february, Interval: 'week' });
    expect(trend.Point.map((p: { Label: string; Calls: number }) => [p.Label, p.Calls])).toEqual([
      ['2021-02-01', 6],
      ['2021-02-08', 2],
      ['2021-02-15', 0],
      ['2021-02-22', 0],
    ]);
  });

  it('answers budget status and history, a supervisor seeing only budgets of their departments', async () => {
    const [all] = await root.GetBudgetStatusAsync({});
    expect(all.Budget.map((b: { Name: string }) => b.Name)).toEqual(['Sales monthly', 'Support monthly']);
    expect(all.Budget[1]).toMatchObject({
      Scope: 'department',
      Target: 'Support',
      Period: 'month',
      Amount: 500,
      Currency: 'EUR',
      PeriodStart: new Date('2021-01-31T23:00:00Z'),
    });
    const [mine] = await sue.GetBudgetStatusAsync({});
    expect(mine.Budget.map((b: { Name: string }) => b.Name)).toEqual(['Support monthly']);
    expect(await faultOf(sue.GetBudgetStatusAsync({ Budget: 'Sales monthly' }))).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: 'budget "Sales monthly" is outside your departments',
    });
    const [history] = await sue.GetBudgetHistoryAsync({ Budget: 'Support monthly' });
    expect(history.Event[0] ?? history.Event).toMatchObject({ Kind: 'created', Actor: 'cli:root' });
    expect(await faultOf(root.GetBudgetHistoryAsync({ Budget: 'Nope' }))).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: 'no budget "Nope"',
    });
  });

  it("sets and clears admin locks, shows lock status and history, within a supervisor's departments", async () => {
    const [set] = await sue.SetAdminLockAsync({ Extension: '729', Reason: 'left the company' });
    expect(set).toMatchObject({
      Changed: true,
      Extension: '729',
      Partition: '',
      Locked: true,
      Lock: [{ Kind: 'admin', Actor: 'sue', Via: 'soap', Reason: 'left the company' }],
    });
    expect((await f.locks.getLineState({ extension: '729' })).kinds).toEqual(['admin']);
    const [again] = await sue.SetAdminLockAsync({ Extension: '729' });
    expect(again.Changed).toBe(false);
    expect(await faultOf(sue.SetAdminLockAsync({ Extension: '211' }))).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: 'line 211 belongs to department Sales, outside your departments (Support)',
    });
    await root.SetAdminLockAsync({ Extension: '211' });
    const [mine] = await sue.GetLockStatusAsync({});
    expect([mine.Line].flat().map((l: { Extension: string }) => l.Extension)).toEqual(['729']);
    const [everyone] = await root.GetLockStatusAsync({});
    expect(
      [everyone.Line]
        .flat()
        .map((l: { Extension: string }) => l.Extension)
        .sort(),
    ).toEqual(['211', '729']);
    const [cleared] = await sue.ClearAdminLockAsync({ Extension: '729' });
    expect(cleared).toMatchObject({ Changed: true, Locked: false });
    const [history] = await sue.GetLockHistoryAsync({ Extension: '729' });
    expect([history.Entry].flat().map((e: { Action: string; Kind: string }) => `${e.Action} ${e.Kind}`)).toEqual([
      'clear admin',
      'set admin',
    ]);
    expect(await faultOf(root.GetLockStatusAsync({ Extension: '999' }))).toMatchObject({ faultstring: 'no line 999' });
  });

  it("does not let a supervisor lift an administrator's lock, nor set a trivial PIN", async () => {
    await root.SetAdminLockAsync({ Extension: '731', Reason: 'audit' });
    expect(await faultOf(sue.ClearAdminLockAsync({ Extension: '731' }))).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: 'a supervisor may not lift an admin lock an administrator set',
    });
    expect(await faultOf(sue.ResetPinAsync({ Extension: '731', Pin: '1111' }))).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: expect.stringMatching(/too easy to guess/),
    });
    expect(await faultOf(root.ResetPinAsync({ Extension: '731', Pin: '123' }))).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: 'A PIN has exactly 4 digits',
    });
    await root.ClearAdminLockAsync({ Extension: '731' });
  });

  it(
    'audits lock changes and PIN resets made over SOAP with the account, its role and the client ' + 'address',
    async () => {
      await root.ResetPinAsync({ Extension: '211', Random: true });
      const [reset] = await f.audit.list({ limit: 1, offset: 0 });
      expect(reset).toMatchObject({
        action: 'pin.reset',
        actor: 'root',
        role: 'admin',
        via: 'soap',
        from: expect.stringMatching(/127\.0\.0\.1/),
        target: '211',
      });
      const sets = await f.audit.list({ limit: 10, offset: 0, actor: 'sue', action: 'lock.set' });
      expect(sets[0]).toMatchObject({
        role: 'supervisor',
        via: 'soap',
        target: '729',
        detail: { kind: 'admin', reason: 'left the company' },
      });
    },
  );

  it('resets a PIN to a random one returned once', async () => {
    const [reset] = await root.ResetPinAsync({ Extension: '731', Random: true });
    expect(reset).toMatchObject({ Extension: '731', Partition: '' });
    expect(String(reset.GeneratedPin)).toMatch(/^\d{4}$/);
    expect((await f.locks.pinStatus({ extension: '731' })).usable).toBe(true);
  });

  it(
    'counts CURRI decisions by outcome and reason in the period, a supervisor seeing their ' + "departments' lines",
    async () => {
      const [all] = await root.GetCurriDecisionsAsync(february);
      expect(all.Decision).toEqual([
        { Outcome: 'permit', Reason: 'allowed', Count: 2, AverageLatencyMs: 1 },
        { Outcome: 'deny', Reason: 'line-locked', Count: 1, AverageLatencyMs: 0.5 },
        { Outcome: 'permit', Reason: 'emergency', Count: 1, AverageLatencyMs: 0.3 },
      ]);
      const [mine] = await sue.GetCurriDecisionsAsync(february);
      expect(mine.Decision.map((d: { Reason: string }) => d.Reason)).toEqual(['line-locked', 'emergency']);
    },
  );

  it('answers a raw XML POST as curl sends it, with HTTP Basic and no SOAPAction', async () => {
    const { status, body } = await post(
      f.url,
      envelope(
        `<tg:GetCostSummary><tg:Filter><tg:Period>last-month</tg:Period>` +
          `<tg:TimeZone>Europe/Rome</tg:TimeZone></tg:Filter><tg:GroupBy>Nation</tg:GroupBy>` +
          `<tg:RankBy>calls</tg:RankBy></tg:GetCostSummary>`,
      ),
      ROOT,
    );
    // The fixture clock is 2021-02-15: last month is January, which holds one call in Rome.
    expect(status).toBe(200);
    expect(body.GetCostSummaryResponse.Group).toEqual([
      {
        Key: 'IT',
        Label: 'IT',
        Calls: '1',
        Answered: '1',
        Unanswered: '0',
        DurationSeconds: '10',
        Cost: '0.05',
        CostMinor: '5',
        AverageCost: '0.05',
        Currency: 'EUR',
      },
    ]);
  });

  it('answers bad credentials, missing credentials and PasswordDigest with a 401 SOAP Fault', async () => {
    const request = envelope('<tg:GetLockStatus/>');
    const wrong = await post(f.url, request, { username: 'root', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.Fault).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: 'Invalid username or password',
      detail: { Error: { Code: 'UNAUTHENTICATED' } },
    });
    const none = await post(f.url, request);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="Tollgate SOAP"/);
    expect(none.body.Fault.faultstring).toMatch(/^Authentication required/);
    const digest =
      `<wsse:Security ` +
      `xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">` +
      `<wsse:UsernameToken><wsse:Username>root</wsse:Username>` +
      `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/` +
      `oasis-200401-wss-username-token-profile-1.0#PasswordDigest">` +
      `x</wsse:Password></wsse:UsernameToken></wsse:Security>`;
    expect((await post(f.url, envelope('<tg:GetLockStatus/>', digest))).body.Fault.faultstring).toMatch(
      /PasswordDigest cannot be checked/,
    );
    expect(
      await faultOf(
        createClientAsync(`${f.url}/soap/reporting?wsdl`).then(
          (c) => (c.setSecurity(new BasicAuthSecurity('sue', 'nope')), c.GetCallsAsync({})),
        ),
      ),
    ).toMatchObject({
      faultstring: 'Invalid username or password',
      status: 401,
    });
  });

  it(
    'answers an unknown operation, a malformed request, a DTD and bad arguments with a clear ' + 'Client Fault',
    async () => {
      const unknown = await post(f.url, envelope('<tg:DropAllTables/>'), ROOT);
      expect(unknown.status).toBe(500);
      expect(unknown.body.Fault).toMatchObject({
        faultcode: 'soap:Client',
        faultstring: expect.stringMatching(
          /^Unknown operation "DropAllTables": the reporting API has GetCalls, GetCostSummary/,
        ),
      });
      expect((await post(f.url, '<soapenv:Envelope><soapenv:Body>', ROOT)).body.Fault.faultstring).toMatch(
        /^Bad argument: the request is not well-formed XML/,
      );
      const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope('<tg:GetLockStatus/>')}`;
      expect((await post(f.url, dtd, ROOT)).body.Fault.faultstring).toBe(
        'Bad argument: a SOAP message must not contain a DTD',
      );
      expect(
        (await post(f.url, envelope('<tg:GetCalls><tg:Page>0</tg:Page></tg:GetCalls>'), ROOT)).body.Fault.faultstring,
      ).toBe('Bad argument: page counts from 1');
      expect(
        (await post(f.url, envelope('<tg:GetCalls><tg:Colour>red</tg:Colour></tg:GetCalls>'), ROOT)).body.Fault
          .faultstring,
      ).toBe('Bad argument: unknown element Colour');
      expect(await faultOf(root.GetCostSummaryAsync({ GroupBy: 'Planet' }))).toMatchObject({
        faultcode: 'soap:Client',
        faultstring: expect.stringMatching(/^Bad argument: GroupBy: GroupBy must be one of Area, Department/),
      });
      expect(await faultOf(root.GetCallsAsync({ Filter: { From: '2021-02-30' } }))).toMatchObject({
        faultstring: 'Bad argument: period from: "2021-02-30" is not a real date and time',
      });
      expect(
        await faultOf(
          root.GetCallsAsync({ Filter: { Condition: [{ Field: 'Duration', Operator: 'startsWith', Value: '3' }] } }),
        ),
      ).toMatchObject({
        faultstring: expect.stringMatching(/^Bad argument: invalid report options: conditions\.0: duration allows eq/),
      });
      const mismatch = await post(f.url, envelope('<tg:GetLockStatus/>'), ROOT, {
        SOAPAction: '"urn:tollgate:reporting:1#ResetPin"',
      });
      expect(mismatch.body.Fault.faultstring).toBe(
        'Bad argument: the SOAPAction names "ResetPin" but the Body holds "GetLockStatus"',
      );
    },
  );

  it(
    'reports CDR ingest from the ledger: latest call, files by status, rejected records, recent ' +
      'files newest first',
    async () => {
      const [status] = await sue.GetCdrIngestStatusAsync({ Files: 5 });
      expect(status).toMatchObject({ FilesProcessing: 0, FilesStored: 1, FilesQuarantined: 1, RecordsRejected: 1 });
      // The ledger's last file that stored calls finished then (the quarantined one after it stored none).
      expect(status.LastCallIngestedAt).toEqual(new Date('2021-02-15T09:00:07Z'));
      expect(status.File).toEqual([
        {
          Source: 'drop-folder',
          Name: 'notes.txt',
          Status: 'quarantined',
          ReceivedAt: new Date('2021-02-15T09:05:00Z'),
          FinishedAt: new Date('2021-02-15T09:05:02Z'),
          Records: 0,
          Stored: 0,
          Duplicates: 0,
          Rejected: 0,
          Reason: 'not a CUCM CDR file: the header lacks cdrRecordType',
        },
        {
          Source: 'drop-folder',
          Name: 'cdr_CL1_01_202102150900_1',
          Status: 'stored',
          ReceivedAt: new Date('2021-02-15T09:00:05Z'),
          FinishedAt: new Date('2021-02-15T09:00:07Z'),
          Records: 10,
          Stored: 8,
          Duplicates: 1,
          Rejected: 1,
        },
      ]);
    },
  );
});
