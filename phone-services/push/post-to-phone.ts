import { request } from 'node:http';

export interface PhonePost {
  ip: string;
  port: number;
  username: string;
  password: string;
  /** The CiscoIPPhone object to execute, sent as the form field XML. */
  xml: string;
  timeoutMs: number;
}

export type PhonePostResult =
  | { ok: true; status: number; body: string }
  /** `retry`: worth trying again (network, timeout, 5xx); not for refused credentials or a rejected object. */
  | { ok: false; retry: boolean; reason: string };

const maxReplyBytes = 64 * 1024;

/**
 * POST http://PHONE/CGI/Execute with `XML=<url-encoded object>`, HTTP Basic
 * credentials and an explicit Content-Length: phone web servers answer 404 to
 * chunked bodies (docs/reference/phone-xml.md §7.1–7.2).
 */
export function postToPhone(post: PhonePost): Promise<PhonePostResult> {
  const body = Buffer.from(`XML=${encodeURIComponent(post.xml)}`, 'ascii');
  const auth = Buffer.from(`${post.username}:${post.password}`, 'utf8').toString('base64');
  return new Promise((resolve) => {
    const req = request(
      {
        host: post.ip,
        port: post.port,
        path: '/CGI/Execute',
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(body.length),
          Authorization: `Basic ${auth}`,
          Connection: 'close',
        },
        timeout: post.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxReplyBytes) chunks.push(chunk);
        });
        res.on('end', () => resolve(judgeReply(res.statusCode ?? 0, Buffer.concat(chunks).toString('latin1'))));
        res.on('error', (err) => resolve({ ok: false, retry: true, reason: `reply broken: ${err.message}` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, retry: true, reason: err.message }));
    req.end(body);
  });
}

/** CiscoIPPhoneError Number 4 = authentication refused; 1 = the object did not parse (Dev Notes, CiscoIPPhoneError). */
export function judgeReply(status: number, body: string): PhonePostResult {
  if (status === 401 || status === 403)
    return { ok: false, retry: false, reason: `HTTP ${status}: credentials refused` };
  if (status >= 500 || status === 0) return { ok: false, retry: true, reason: `HTTP ${status}` };
  if (status !== 200) return { ok: false, retry: false, reason: `HTTP ${status}` };
  const error = /<CiscoIPPhoneError[^>]*\bNumber\s*=\s*"(\d+)"/i.exec(body);
  if (error) {
    const number = Number(error[1]);
    const reason = number === 4 ? 'CiscoIPPhoneError 4: authentication refused' : `CiscoIPPhoneError ${number}`;
    return { ok: false, retry: number === 3, reason };
  }
  return { ok: true, status, body };
}
