import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';

const run = promisify(execFile);

/**
 * The AXL schema Cisco publishes in its AXL SQL toolkit, as the cisco-axl package (a dependency in
 * package.json, version pinned by package-lock.json) ships it: schema/<version>/AXLSoap.xsd.
 * See fixtures/axl/README.md.
 */
export function axlSchemaFile(version: string): string {
  const pkg = createRequire(import.meta.url).resolve('cisco-axl/package.json');
  return join(dirname(pkg), 'schema', version, 'AXLSoap.xsd');
}
const envelopeXsd = fileURLToPath(new URL('../../fixtures/axl/soap-envelope.xsd', import.meta.url));

export interface AxlTestUser {
  userid: string;
  firstName?: string;
  lastName?: string;
  mailid?: string;
  department?: string;
  manager?: string;
  userLocale?: string;
  primaryExtension?: { pattern: string; routePartitionName: string };
}
export interface AxlTestLine {
  pattern: string;
  routePartitionName: string;
  description?: string;
}
export interface AxlTestPhone {
  name: string;
  model: string;
  description?: string;
  ownerUserName?: string;
  lines: Array<{ index: number; pattern: string; routePartitionName: string }>;
}
export interface AxlTestData {
  users: AxlTestUser[];
  lines: AxlTestLine[];
  phones: AxlTestPhone[];
  sipTrunks: Array<{ name: string; description?: string }>;
  h323Gateways: Array<{ name: string; description?: string }>;
  gateways: Array<{ domainName: string; description?: string }>;
}

export interface AxlTestRequest {
  operation: string;
  /** The schema's verdict (xmllint); null when validation is off. */
  valid: boolean | null;
  error: string;
  status: number;
}

export interface AxlTestServer {
  url: string;
  /** SHA-256 of the server's self-signed certificate, colon hex (as openssl prints it). */
  fingerprint: string;
  /** The certificate itself: a self-signed certificate is its own CA. */
  caFile: string;
  username: string;
  password: string;
  data: AxlTestData;
  requests: AxlTestRequest[];
  /** The next n requests are answered 503 (AXL throttling). */
  throttleNext(n: number): void;
  /** A list without `first` matching more rows than this is refused as AXL refuses it. */
  maxRows: number;
  stop(): Promise<void>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });
const esc = (v: unknown) =>
  String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
const el = (name: string, value: unknown) => `<${name}>${esc(value)}</${name}>`;

/**
 * A loopback CUCM AXL endpoint (HTTPS, self-signed certificate made with openssl, HTTP Basic
 * credentials) that validates every request envelope against AXLSoap.xsd of its version with
 * xmllint, answering an invalid one with a SOAP fault, and answers the operations a directory sync
 * uses from `data` with skip/first paging.
 */
export async function startAxlTestServer(options: {
  version?: string;
  data: AxlTestData;
  validate?: boolean;
}): Promise<AxlTestServer> {
  const version = options.version ?? '14.0';
  const ns = `http://www.cisco.com/AXL/API/${version}`;
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-axl-'));
  await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
    ],
    { cwd: dir },
  );
  const cert = await readFile(join(dir, 'cert.pem'));
  const wrapper = join(dir, 'axl-request.xsd');
  await writeFile(
    wrapper,
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tollgate:axl-test">
<xs:import namespace="http://schemas.xmlsoap.org/soap/envelope/" schemaLocation="${envelopeXsd}"/>
<xs:import namespace="${ns}" schemaLocation="${axlSchemaFile(version)}"/>
</xs:schema>\n`,
  );
  const verdicts = new Map<string, Promise<string>>();
  const validate = (body: string): Promise<string> => {
    // Pages and phones differ only in skip and name: one verdict per shape of request.
    const shape = body
      .replace(/<skip>\d+<\/skip>/, '<skip>0</skip>')
      .replace(/<name>[A-Za-z0-9_.-]{1,100}<\/name>/, '<name>X</name>')
      .replace(/SELECT SKIP \d+ FIRST \d+ /, 'SELECT SKIP 0 FIRST 1 ');
    let verdict = verdicts.get(shape);
    if (!verdict) {
      verdict = xmllint(wrapper, shape);
      verdicts.set(shape, verdict);
    }
    return verdict;
  };
  let throttled = 0;
  const server: AxlTestServer & { http?: Server } = {
    url: '',
    fingerprint: new X509Certificate(cert).fingerprint256,
    caFile: join(dir, 'cert.pem'),
    username: 'tollgate-axl',
    password: 'axl-secret',
    data: options.data,
    requests: [],
    maxRows: 5000,
    throttleNext: (n) => {
      throttled = n;
    },
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const answer = (res: import('node:http').ServerResponse, status: number, xml: string) => {
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ` +
        `xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
        `<soapenv:Body>${xml}</soapenv:Body></soapenv:Envelope>`,
    );
  };
  const fault = (message: string, code = 5003) =>
    `<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${esc(message)}</faultstring>` +
    `<detail><axlError><axlcode>${code}</axlcode><axlmessage>${esc(message)}</axlmessage></axlError>` +
    `</detail></soapenv:Fault>`;

  const http = createServer({ key: await readFile(join(dir, 'key.pem')), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const action = /^"?CUCM:DB ver=([\d.]+) (\w+)"?$/.exec(String(req.headers.soapaction ?? ''));
        const record: AxlTestRequest = { operation: action?.[2] ?? '', valid: null, error: '', status: 200 };
        server.requests.push(record);
        const done = (status: number, xml: string) => {
          record.status = status;
          answer(res, status, xml);
        };
        const expected = `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected) {
          record.status = 401;
          res.writeHead(401, { 'www-authenticate': 'Basic realm="Cisco AXL"' }).end();
          return;
        }
        if (throttled > 0) {
          throttled--;
          record.status = 503;
          res.writeHead(503, { 'content-type': 'text/html' }).end('AXL Web Service is busy');
          return;
        }
        if (!action || req.url !== '/axl/' || action[1] !== version)
          return done(500, fault(`bad SOAPAction or path: ${String(req.headers.soapaction)} ${req.url}`));
        if (options.validate !== false) {
          record.error = await validate(body);
          record.valid = record.error === '';
          if (!record.valid)
            return done(500, fault(`request does not follow AXLSoap.xsd ${version}: ${record.error}`, 5002));
        }
        const parsed = parser.parse(body) as { Envelope?: { Body?: Record<string, Record<string, unknown>> } };
        const request = parsed.Envelope?.Body?.[record.operation];
        if (!request) return done(500, fault(`the body holds no ${record.operation}`));
        const result = respond(server, record.operation, request);
        if ('fault' in result) return done(500, fault(result.fault));
        done(
          200,
          `<ns:${record.operation}Response ` +
            `xmlns:ns="${ns}"><return>${result.xml}</return></ns:${record.operation}Response>`,
        );
      })().catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server.url = `https://127.0.0.1:${(http.address() as { port: number }).port}/axl/`;
  return server;
}

function respond(
  server: AxlTestServer,
  operation: string,
  request: Record<string, unknown>,
): { xml: string } | { fault: string } {
  const d = server.data;
  const page = <T>(rows: T[], render: (row: T) => string): { xml: string } | { fault: string } => {
    const skip = Number(request.skip ?? 0);
    const first = request.first === undefined ? undefined : Number(request.first);
    if (first === undefined && rows.length > server.maxRows) {
      return {
        fault:
          `Query request too large. Total rows matched: ${rows.length} rows. Suggestive Row ` +
          `Fetch: less than ${server.maxRows} rows`,
      };
    }
    if (first !== undefined && first > server.maxRows) {
      return {
        fault:
          `Query request too large. Total rows matched: ${rows.length} rows. Suggestive Row ` +
          `Fetch: less than ${server.maxRows} rows`,
      };
    }
    return {
      xml: rows
        .slice(skip, first === undefined ? undefined : skip + first)
        .map(render)
        .join(''),
    };
  };
  switch (operation) {
    case 'listUser':
      return page(
        d.users,
        (u) =>
          `<user uuid="{U-${esc(u.userid)}}">${el('firstName', u.firstName)}` +
          `${el('lastName', u.lastName)}${el('userid', u.userid)}${el('mailid', u.mailid)}` +
          `${el('department', u.department)}${el('manager', u.manager)}` +
          `${el('userLocale', u.userLocale)}<primaryExtension>${el('pattern', u.primaryExtension?.pattern)}` +
          `${el('routePartitionName', u.primaryExtension?.routePartitionName)}</primaryExtension></user>`,
      );
    case 'listLine':
      return page(
        d.lines,
        (l) =>
          `<line>${el('pattern', l.pattern)}${el('description', l.description)}` +
          `${el('routePartitionName', l.routePartitionName)}</line>`,
      );
    case 'listPhone':
      return page(d.phones, (p) => `<phone>${el('name', p.name)}</phone>`);
    case 'listSipTrunk':
      return page(d.sipTrunks, (t) => `<sipTrunk>${el('name', t.name)}${el('description', t.description)}</sipTrunk>`);
    case 'listH323Gateway':
      return page(
        d.h323Gateways,
        (g) => `<h323Gateway>${el('name', g.name)}${el('description', g.description)}</h323Gateway>`,
      );
    case 'listGateway':
      return page(
        d.gateways,
        (g) => `<gateway>${el('domainName', g.domainName)}${el('description', g.description)}</gateway>`,
      );
    case 'executeSQLQuery': {
      // Only the directory sync's query (src/directory-sync/axl-source.ts phoneLinesSql) is understood.
      const phoneLines =
        /^SELECT SKIP (\d+) FIRST (\d+) d\.name AS device, .* WHERE d\.tkclass = 1 ORDER BY d\.name, m\.numplanindex$/;
      const sql = phoneLines.exec(String(request.sql));
      if (!sql) return { fault: 'A syntax error has occurred.' };
      const rows = [...d.phones]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .flatMap((p) =>
          (p.lines.length ? [...p.lines].sort((a, b) => a.index - b.index) : [null]).map((l) => ({ p, l })),
        );
      const [skip, first] = [Number(sql[1]), Number(sql[2])];
      return {
        xml: rows
          .slice(skip, skip + first)
          .map(
            ({ p, l }) =>
              `<row>${el('device', p.name)}${el('description', p.description)}` +
              `${el('model', p.model)}${el('owner', p.ownerUserName)}` +
              (l ? `${el('idx', l.index)}${el('pattern', l.pattern)}${el('partition', l.routePartitionName)}` : '') +
              '</row>',
          )
          .join(''),
      };
    }
    case 'getPhone': {
      const phone = phoneByName(d).get(String(request.name));
      if (!phone) return { fault: `Item not valid: The specified ${String(request.name)} was not found` };
      const lines = phone.lines
        .map(
          (l) =>
            `<line>${el('index', l.index)}<dirn>${el('pattern', l.pattern)}` +
            `${el('routePartitionName', l.routePartitionName)}</dirn></line>`,
        )
        .join('');
      return {
        xml:
          `<phone>${el('name', phone.name)}${el('description', phone.description)}` +
          `${el('product', phone.model)}${el('model', phone.model)}<lines>${lines}</lines>` +
          `${el('ownerUserName', phone.ownerUserName)}</phone>`,
      };
    }
    default:
      return { fault: `operation ${operation} is not served by the test server` };
  }
}

const phoneIndexes = new WeakMap<AxlTestPhone[], Map<string, AxlTestPhone>>();
/** The phones by name, indexed once per phones array (a benchmark asks for 20,000 of them). */
function phoneByName(data: AxlTestData): Map<string, AxlTestPhone> {
  let index = phoneIndexes.get(data.phones);
  if (!index || index.size !== data.phones.length) {
    index = new Map(data.phones.map((p) => [p.name, p]));
    phoneIndexes.set(data.phones, index);
  }
  return index;
}

/** '' when the document is valid, else xmllint's complaint. */
function xmllint(schema: string, document: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('xmllint', ['--noout', '--nonet', '--schema', schema, '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve(code === 0 ? '' : stderr.trim().split('\n').slice(0, 3).join(' ')));
    child.stdin.end(document);
  });
}
