import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { SignInLockedError, type SignInThrottle } from '../../admin-accounts/index.js';
import type { SignInSource } from '../auth/sign-in-source.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { sendPage } from '../render-page.js';
import type { SessionStore } from '../session/session-store.js';
import type { WebAccountStore } from '../auth/web-account-store.js';
import { requestState, safeNext } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export const SESSION_COOKIE = 'tollgate_session';

export function sessionTokenOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  return parseCookie(header)[SESSION_COOKIE] ?? null;
}

export interface AuthRouteDeps extends WebPageDeps {
  source: SignInSource;
  throttle: SignInThrottle;
  sessions: SessionStore;
  webAccounts: Pick<WebAccountStore, 'setGrant'>;
  log: Logger;
  /** Cookies get Secure when the portal is public over HTTPS or the request came over TLS. */
  httpsPublicUrl: boolean;
}

function setSessionCookie(
  req: Request,
  res: Response,
  deps: AuthRouteDeps,
  token: string,
  maxAgeSeconds: number,
): void {
  res.append(
    'Set-Cookie',
    serializeCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.httpsPublicUrl || req.secure,
      path: '/',
      maxAge: maxAgeSeconds,
    }),
  );
}

/**
 * Sign-in (local and LDAP sources; an LDAP grant is kept per person), sign-out.
 * The same answer for an unknown user and a wrong password.
 */
export function addAuthRoutes(router: Router, deps: AuthRouteDeps): void {
  router.get('/sign-in', (req, res) => {
    if (requestState(req).viewer) return res.redirect(303, safeNext(req.query.next));
    sendPage(
      res,
      <SignInPage
        ctx={deps.context(req)}
        props={{ next: safeNext(req.query.next), signedOut: req.query.signedOut === '1' }}
      />,
    );
  });

  router.post('/sign-in', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const address = req.ip ?? '';
    const ctx = deps.context(req);
    try {
      await deps.throttle.assertAllowed(username, address);
    } catch (err) {
      if (!(err instanceof SignInLockedError)) throw err;
      deps.log.warn({ account: username, address }, 'web sign-in refused: locked out after failed attempts');
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      return sendPage(
        res,
        <SignInPage ctx={ctx} props={{ username, next, lockedMinutes: Math.ceil(err.retryAfterSeconds / 60) }} />,
        429,
      );
    }
    const identity = username && password ? await deps.source.verify(username, password) : null;
    if (!identity) {
      await deps.throttle.recordFailure(username, address);
      deps.log.warn({ account: username, address }, 'web sign-in failed');
      return sendPage(res, <SignInPage ctx={ctx} props={{ username, next, failed: true }} />, 401);
    }
    await deps.throttle.recordSuccess(username, address);
    if (identity.grant) await deps.webAccounts.setGrant(identity.username, identity.grant);
    // Signing in on the way to a gadget (a Jabber custom tab, a Webex embedded app) opens a gadget session, which
    // lasts longer.
    const kind = next.startsWith('/gadgets/') ? 'gadget' : 'portal';
    const { token, session } = await deps.sessions.create({
      username: identity.username,
      role: identity.role,
      source: identity.source,
      address,
      userAgent: req.get('user-agent') ?? '',
      kind,
    });
    setSessionCookie(
      req,
      res,
      deps,
      token,
      Math.floor((session.expiresAt.getTime() - session.createdAt.getTime()) / 1000),
    );
    const departments = identity.grant?.departments;
    const fields = { account: identity.username, role: identity.role, departments, address, source: deps.source.name };
    deps.log.info({ ...fields, by: identity.source }, 'web sign-in');
    res.redirect(303, next);
  });

  router.post('/sign-out', async (req, res) => {
    const token = sessionTokenOf(req);
    if (token) await deps.sessions.remove(token);
    setSessionCookie(req, res, deps, '', 0);
    res.redirect(303, '/sign-in?signedOut=1');
  });
}
