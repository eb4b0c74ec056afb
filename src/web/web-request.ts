import type { Request, Response } from 'express';
import type { AuditActor } from '../audit/index.js';
import { AuthenticationError } from '../errors/index.js';
import type { Viewer } from '../viewer/index.js';
import type { AssetUrls, PageContext } from './page-context.js';
import type { WebSession } from './session/session-store.js';
import { isLanguage, resolveLanguage, textDirection, translator } from '../i18n/index.js';
import { webFormats } from './web-translator.js';

interface RequestState {
  session: WebSession | null;
  viewer: Viewer | null;
}

const states = new WeakMap<Request, RequestState>();

export function setRequestState(req: Request, state: RequestState): void {
  states.set(req, state);
}

export function requestState(req: Request): RequestState {
  return states.get(req) ?? { session: null, viewer: null };
}

/** The signed-in viewer; a request without one never reaches a page that needs it (see requireViewer). */
export function viewerOf(req: Request): Viewer {
  const viewer = requestState(req).viewer;
  if (!viewer) throw new AuthenticationError();
  return viewer;
}

/** The context a page renders with: the viewer's language (or the browser's before sign-in), time zone and token. */
export function pageContext(
  req: Request,
  assets: AssetUrls,
  defaults: { language: string; timeZone: string; calendarTimeZone: string },
): PageContext {
  const { session, viewer } = requestState(req);
  const wanted =
    viewer?.language ??
    req
      .acceptsLanguages()
      .find((l) => isLanguage(l.slice(0, 2)))
      ?.slice(0, 2);
  const lang = resolveLanguage(wanted, resolveLanguage(defaults.language, 'en'));
  return {
    viewer,
    lang,
    dir: textDirection(lang),
    t: translator(lang, 'web'),
    format: webFormats(lang, viewer?.timeZone ?? defaults.timeZone, defaults.calendarTimeZone),
    csrf: session?.csrfSecret ?? null,
    assets,
    path: req.path,
  };
}

/** Redirect after a change (POST, then GET): 303 so the browser and htmx fetch the page again. */
export function redirectAfterChange(res: Response, to: string): void {
  res.redirect(303, to);
}

/** A local path only (`/…`, not `//host`): where to go after sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** The client's address as the audit log records it. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? '';
}

/** The signed-in viewer as the audit log records them: their account, their role, the web door, their address. */
export function webAuditActor(req: Request): AuditActor {
  const viewer = viewerOf(req);
  return { actor: viewer.username, role: viewer.role, via: 'web', from: clientAddress(req) };
}
