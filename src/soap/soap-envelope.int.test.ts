import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSoapFixture, ROOT, type SoapFixture } from '../../test/soap/soap-fixture.js';
import { envelope, post } from '../../test/soap/soap-http.js';

const detailOf = (code: string) =>
  `<detail><tg:Error xmlns:tg="urn:tollgate:reporting:1"><tg:Code>${code}</tg:Code></tg:Error></detail>`;

describe('SOAP envelopes the API refuses', () => {
  let f: SoapFixture;
  beforeAll(async () => {
    f = await openSoapFixture('sqlite');
  });
  afterAll(async () => f.close());

  it('answers a body over the limit with a SOAP Client Fault and HTTP 413, not JSON', async () => {
    const big = envelope(`<tg:GetLockStatus><tg:Extension>${'9'.repeat(70_000)}</tg:Extension></tg:GetLockStatus>`);
    const answer = await post(f.url, big, ROOT);
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(answer.body.Fault).toMatchObject({
      faultcode: 'soap:Client',
      faultstring: expect.stringMatching(/larger than the 65536 bytes/),
    });
    expect(answer.text).toContain(detailOf('PAYLOAD_TOO_LARGE'));
  });

  it('answers a SOAP 1.2 envelope with a SOAP 1.1 VersionMismatch Fault in text/xml', async () => {
    const soap12 =
      `<?xml version="1.0"?><env:Envelope ` +
      `xmlns:env="http://www.w3.org/2003/05/soap-envelope" ` +
      `xmlns:tg="urn:tollgate:reporting:1"><env:Body><tg:GetLockStatus/></env:Body></env:Envelope>`;
    const answer = await post(f.url, soap12, ROOT, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(answer.text).toContain('xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(answer.body.Fault).toMatchObject({
      faultcode: 'soap:VersionMismatch',
      faultstring: expect.stringMatching(/speaks SOAP 1\.1/),
    });
  });

  it('puts the same namespaced detail in every fault, from the edge and from the operations alike', async () => {
    expect((await post(f.url, envelope('<tg:DropAllTables/>'), ROOT)).text).toContain(detailOf('UNKNOWN_OPERATION'));
    const badArgument = await post(f.url, envelope('<tg:GetCalls><tg:Page>0</tg:Page></tg:GetCalls>'), ROOT);
    expect(badArgument.body.Fault.faultstring).toBe('Bad argument: page counts from 1');
    expect(badArgument.text).toContain(detailOf('BAD_INPUT'));
  });
});
