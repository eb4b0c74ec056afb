import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ForbiddenError } from '../errors/index.js';

/**
 * The request comes from our own pages: when the browser says where it comes
 * from (Origin, Sec-Fetch-Site), that must be this site.
 */
export function assertSameOrigin(req: Request): void {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    throw new ForbiddenError('cross-site request refused');
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new ForbiddenError('cross-site request refused');
    }
    if (host !== req.get('host')) throw new ForbiddenError('cross-site request refused');
  } else if (origin === 'null') {
    throw new ForbiddenError('cross-site request refused');
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Synchronizer token: a change must echo the session's secret, in the form's
 * `_csrf` field or (htmx) the X-CSRF-Token header.
 */
export function assertCsrfToken(req: Request, secret: string): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const field = typeof body._csrf === 'string' ? body._csrf : undefined;
  const header = req.get('x-csrf-token');
  const given = field ?? header;
  if (given === undefined || !same(given, secret)) throw new ForbiddenError('missing or wrong CSRF token');
}
