import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validatePhoneXml } from './validate-phone-xml.js';

/** What the fake phone saw of one push and what it did about it. */
export interface ReceivedPush {
  device: string | null;
  headers: IncomingMessage['headers'];
  contentLengthMatches: boolean;
  formFields: string[];
  /** The decoded XML form field. */
  xml: string;
  xsdErrors: string | null;
  basicUser: string | null;
  basicPassword: string | null;
  /** Exactly what the authentication URL answered. */
  authAnswer: string;
  /** The ExecuteItem URL the phone fetched after an AUTHORIZED answer, and what it got. */
  fetched: { url: string; status: number; contentType: string; body: string; xsdErrors: string | null } | null;
  reply: 'response' | 'error-4' | 'http-500' | 'held';
}

export interface FakePhoneOptions {
  /** The phone's authentication URL (Tollgate's /phone/authenticate). */
  authenticationUrl: string;
  /** Answer the first N pushes with HTTP 500 (a phone rebooting). */
  failFirst?: number;
  /** Hold pushes without answering until release() (a phone that hangs). */
  hold?: boolean;
  /** Answer CiscoIPPhoneError 4 without asking the authentication URL (credentials this phone does not accept). */
  refuseAuth?: boolean;
}

function fetchText(url: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    }).on('error', reject);
  });
}

/**
 * A Cisco phone's web server as far as pushes go (docs/reference/phone-xml.md §7): POST
 * /CGI/Execute with form field XML, Basic credentials checked against the
 * authentication URL, the object validated against CiscoIPPhone.xsd, the
 * ExecuteItem URL fetched, and a CiscoIPPhoneResponse or CiscoIPPhoneError 4.
 */
export async function startFakePhone(initial: FakePhoneOptions) {
  let options = initial;
  const pushes: ReceivedPush[] = [];
  const held: Array<() => void> = [];
  /** What went wrong inside the fake phone (Tollgate unreachable…), instead of unhandled rejections. */
  const errors: string[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          await handle();
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
          if (!res.headersSent) res.writeHead(500).end();
        }
      })();
      async function handle(): Promise<void> {
        if (req.method !== 'POST' || req.url !== '/CGI/Execute') {
          res.writeHead(404).end();
          return;
        }
        requests++;
        const raw = Buffer.concat(chunks);
        const form = new URLSearchParams(raw.toString('ascii'));
        const xml = form.get('XML') ?? '';
        const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [user, password] = auth ? Buffer.from(auth, 'base64').toString('utf8').split(/:(.*)/s) : [null, null];
        const device = /[?&]name=([^&"]+)/.exec(xml.replace(/&amp;/g, '&'))?.[1] ?? null;
        const push: ReceivedPush = {
          device,
          headers: req.headers,
          contentLengthMatches:
            req.headers['content-length'] === String(raw.length) && req.headers['transfer-encoding'] === undefined,
          formFields: [...form.keys()],
          xml,
          xsdErrors: null,
          basicUser: user ?? null,
          basicPassword: password ?? null,
          authAnswer: '',
          fetched: null,
          reply: 'response',
        };
        pushes.push(push);
        if (options.hold) {
          push.reply = 'held';
          await new Promise<void>((resolve) => held.push(resolve));
        }
        if (requests <= (options.failFirst ?? 0)) {
          push.reply = 'http-500';
          res.writeHead(500).end();
          return;
        }
        const query = new URLSearchParams({ UserID: user ?? '', Password: password ?? '', devicename: device ?? '' });
        push.authAnswer = options.refuseAuth
          ? 'UN-AUTHORIZED'
          : (await fetchText(`${options.authenticationUrl}?${query}`)).body;
        if (push.authAnswer !== 'AUTHORIZED') {
          push.reply = 'error-4';
          res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<CiscoIPPhoneError Number="4"/>');
          return;
        }
        const xsd = validatePhoneXml(xml);
        push.xsdErrors = xsd.valid ? null : xsd.errors;
        const itemUrl = /URL="([^"]+)"/.exec(xml)?.[1]?.replace(/&amp;/g, '&');
        if (itemUrl?.startsWith('http')) {
          const got = await fetchText(itemUrl);
          const check = validatePhoneXml(got.body);
          push.fetched = { url: itemUrl, ...got, xsdErrors: check.valid ? null : check.errors };
        }
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(
          `<?xml version="1.0" encoding="utf-8"?><CiscoIPPhoneResponse><ResponseItem Status="0" ` +
            `Data="Success" URL="${itemUrl ?? ''}"/></CiscoIPPhoneResponse>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    pushes,
    errors,
    /** New behaviour from now on; the request count starts again (for failFirst). */
    behave(next: Omit<FakePhoneOptions, 'authenticationUrl'>) {
      options = { authenticationUrl: options.authenticationUrl, ...next };
      held.splice(0).forEach((go) => go());
      requests = 0;
      pushes.length = 0;
    },
    /** Lets held pushes go on. */
    release: () => held.splice(0).forEach((go) => go()),
    close: () =>
      new Promise<void>((resolve) => {
        held.splice(0).forEach((go) => go());
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
