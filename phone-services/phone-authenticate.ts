import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { sameSecret } from '../src/locks/index.js';

/**
 * The phone's authentication URL. Before executing a pushed object the phone
 * asks here whether the push credentials are good, passing UserID, Password and
 * devicename (query string on current firmware, form body on older). The body
 * must be exactly AUTHORIZED, no newline, and nothing else (docs/reference/phone-xml.md §7.3).
 */
export function authenticatePush(push: { username: string; password: string }, log: Logger) {
  return (req: Request, res: Response): void => {
    const params = new Map<string, string>();
    const collect = (source: unknown) => {
      if (!source || typeof source !== 'object') return;
      for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
        const first = Array.isArray(value) ? value[0] : value;
        if (typeof first === 'string') params.set(key.toLowerCase(), first);
      }
    };
    collect(req.query);
    collect(req.body);
    const user = params.get('userid') ?? '';
    const password = params.get('password') ?? '';
    const configured = push.username !== '' && push.password !== '';
    const ok = configured && sameSecret(user, push.username) && sameSecret(password, push.password);
    const device = params.get('devicename') ?? '';
    if (ok) log.debug({ device }, 'push authorized');
    else log.info({ device, userId: user.slice(0, 64), configured }, 'push authentication refused');
    const body = ok ? 'AUTHORIZED' : 'UN-AUTHORIZED';
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) });
    res.end(body);
  };
}
