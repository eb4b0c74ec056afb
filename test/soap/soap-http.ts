import { XMLParser } from 'fast-xml-parser';

// Parsed answers are read loosely: each test states the shape it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SoapBody = any;

export const soapParser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Call', 'Group', 'FilterText', 'Decision'].includes(name),
});

/** What a shell script does: curl -u user:pass -H 'Content-Type: text/xml' --data @request.xml URL. */
export async function post(
  url: string,
  body: string,
  auth?: { username: string; password: string },
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/soap/reporting`, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      ...(auth
        ? { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` }
        : {}),
      ...headers,
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: (soapParser.parse(text) as { Envelope: { Body: Record<string, SoapBody> } }).Envelope.Body,
  };
}

/** A SOAP 1.1 envelope around `inner`, the reporting namespace bound to tg. */
export const envelope = (inner: string, header = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tg="urn:tollgate:reporting:1">
  <soapenv:Header>${header}</soapenv:Header>
  <soapenv:Body>${inner}</soapenv:Body>
</soapenv:Envelope>`;
