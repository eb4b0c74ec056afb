import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  headers: Record<string, string>;
  subject: string;
  /** The plain-text body (the text/plain part of a multipart message). */
  text: string;
  /** The text/html part, if any. */
  html?: string;
  attachments: ReceivedAttachment[];
}

export interface ReceivedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface SmtpTestServer {
  port: number;
  received: ReceivedMail[];
  /** Replies the next RCPT TO commands get, in order (e.g. 451 then accept). */
  rejectNext(...codes: number[]): void;
  /** Resolves when `count` messages have arrived in all. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (the smtp-server package) that keeps what it receives, decoded. */
export async function startSmtpTestServer(listenPort = 0): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const rejections: number[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = rejections.shift();
      if (code === undefined) return callback();
      const err = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
        responseCode: code,
      });
      callback(err);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(parseMessage(Buffer.concat(chunks).toString('latin1'), session));
        waiters.splice(0).forEach((w) => w());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    rejectNext: (...codes) => rejections.push(...codes),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMessage(raw: string, session: SMTPServerSession): ReceivedMail {
  const top = parsePart(raw);
  const mail: ReceivedMail = {
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    headers: top.headers,
    subject: top.headers.subject ?? '',
    text: '',
    attachments: [],
  };
  collectParts(top, mail);
  return mail;
}

interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function parsePart(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body: split < 0 ? '' : raw.slice(split + 4) };
}

/** Walks a (possibly multipart, RFC 2046) message: the text parts become text/html, named parts attachments. */
function collectParts(part: MimePart, mail: ReceivedMail): void {
  const type = part.headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const pieces = part.body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      collectParts(parsePart(piece.replace(/^\r\n/, '').replace(/\r\n$/, '')), mail);
    }
    return;
  }
  const bytes = decodeBody(part.body, (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase());
  const disposition = part.headers['content-disposition'] ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? /name="?([^";]+)"?/i.exec(type)?.[1];
  if (filename || /^attachment/i.test(disposition)) {
    mail.attachments.push({ filename: filename ?? '', contentType: type.split(';')[0]!.trim(), content: bytes });
  } else if (/^text\/html/i.test(type)) {
    mail.html = bytes.toString('utf8');
  } else if (mail.text === '') {
    mail.text = bytes.toString('utf8').replace(/\r\n/g, '\n');
  }
}

function decodeBody(body: string, encoding: string): Buffer {
  if (encoding === 'quoted-printable') {
    const joined = body.replace(/=\r\n/g, '');
    return Buffer.from(
      joined.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  return Buffer.from(body, 'latin1');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) => {
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bin = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bin, 'latin1').toString('utf8');
    });
}
