import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Clock } from '../src/clock.js';
import { AppError } from '../src/errors/index.js';
import { phoneLanguage, phoneTexts } from './phone-language.js';
import { authenticatePush } from './phone-authenticate.js';
import { noPhoneMetrics, type PhoneMetrics } from './phone-metrics.js';
import { errorScreen } from './phone-error-screen.js';
import * as handlers from './phone-handlers.js';
import { readPhoneRequest, type PhoneRequest, type PhoneServiceDeps } from './phone-request.js';
import { bareErrorScreen, resultScreen } from './phone-screens.js';
import { renderScreen, sendPhoneXml, type PhoneScreen } from './send-phone-xml.js';
import { keyLayoutFor } from './softkey-layout.js';
import { negotiateCharset } from './xml/phone-charset.js';
import { renderText } from './xml/render-text.js';

export interface PhoneRouterDeps extends PhoneServiceDeps {
  clock: Clock;
  /** Prometheus instruments (compose's); none in some tests. */
  metrics?: PhoneMetrics;
  /** phone.push credentials: the authentication URL accepts exactly these. */
  push: { username: string; password: string };
}

interface Route {
  path: string;
  /** PIN screens and their results: expired at once, so the phone's history cannot resubmit a PIN. */
  expired: boolean;
  /** Where Retry leads after a wrong or refused PIN. */
  retry?: (r: PhoneRequest, lineId: number) => string;
  run: handlers.PhoneHandler | 'menu' | 'status';
}

const routes: Route[] = [
  { path: '/menu', expired: false, run: 'menu' },
  { path: '/status', expired: false, run: 'status' },
  { path: '/lock', expired: true, run: handlers.lockEntry },
  { path: '/lock/submit', expired: true, retry: (r, id) => r.urls.lock(id), run: handlers.lockSubmit },
  { path: '/unlock', expired: true, run: handlers.unlockEntry },
  { path: '/unlock/submit', expired: true, retry: (r, id) => r.urls.unlock(id), run: handlers.unlockSubmit },
  { path: '/pin', expired: true, run: handlers.pinEntry },
  { path: '/pin/submit', expired: true, retry: (r, id) => r.urls.pin(id), run: handlers.pinSubmit },
  { path: '/notice', expired: false, run: handlers.notice },
];

/**
 * The Cisco IP Phone service under /phone: menu → (line picker) → PIN entry →
 * result, status, change PIN, the pushed notice, and the authentication URL.
 * Every answer is a CiscoIPPhone object with status 200; errors are screens.
 */
export function createPhoneRouter(deps: PhoneRouterDeps): Router {
  const log = deps.log.child({ module: 'phone' });
  const env = { locks: deps.locks, clock: deps.clock };
  const metrics = deps.metrics ?? noPhoneMetrics;
  const seconds = (started: number) => (deps.clock.now().getTime() - started) / 1000;
  const router = Router();
  router.all('/authenticate', express.urlencoded({ extended: false, limit: '4kb' }), authenticatePush(deps.push, log));

  for (const route of routes) {
    router.get(route.path, async (req, res) => {
      const started = deps.clock.now().getTime();
      const outcome = await readPhoneRequest(req, { ...deps, log });
      if (!outcome.ok) {
        const { base, problem, name, request } = outcome;
        const message =
          problem === 'missing-name'
            ? base.t('errors.missingName')
            : problem === 'unknown-device'
              ? base.t('errors.unknownDevice', { name })
              : problem === 'no-lines'
                ? base.t('errors.noLines', { name })
                : base.t('errors.unknownLine');
        log.info({ path: route.path, device: name.slice(0, 64), problem }, 'phone request refused');
        // A line that is not on this phone: Back leads to the phone's own menu.
        const text = request
          ? resultScreen(request.screen, { prompt: base.t('errors.prompt'), text: message })
          : bareErrorScreen(base.t, base.layout, message);
        sendPhoneXml(res, renderText(text, base.charset), base.charset, { expired: route.expired });
        metrics.screen(route.path, problem, seconds(started));
        return;
      }
      const r = outcome.request;
      let screen: PhoneScreen;
      let result = 'ok';
      try {
        if (route.run === 'menu') screen = await handlers.menuScreen(r, env);
        else if (route.run === 'status') screen = await handlers.statusOf(r, env);
        else if (!r.line) screen = await handlers.menuScreen(r, env);
        else screen = await route.run(r, r.line, env);
      } catch (err) {
        result = err instanceof AppError ? err.code : 'ERROR';
        screen = { text: errorScreen(err, r, r.line && route.retry ? route.retry(r, r.line.id) : undefined, r.log) };
      }
      sendScreen(res, r, screen, route.expired);
      r.log.info(
        { path: route.path, line: r.line?.label ?? null, result, ms: deps.clock.now().getTime() - started },
        'phone screen',
      );
      metrics.screen(route.path, result, seconds(started));
    });
  }

  router.use((req, res) => sendBare(req, res, deps, 'unavailable'));
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    log.error({ err, path: req.path }, 'phone service failed');
    if (!res.headersSent) sendBare(req, res, deps, 'unavailable');
  };
  router.use(onError);
  return router;
}

function sendScreen(res: Response, r: PhoneRequest, screen: PhoneScreen, expired: boolean): void {
  let xml: string;
  try {
    xml = renderScreen(screen, r.charset);
  } catch (err) {
    // A screen that cannot be rendered (a URL over 256 characters…) must still leave the phone a way out.
    r.log.error({ err }, 'phone screen could not be rendered');
    xml = renderText(bareErrorScreen(r.t, r.layout, r.t('errors.unavailable')), r.charset);
  }
  sendPhoneXml(res, xml, r.charset, { expired });
}

function sendBare(req: Request, res: Response, deps: PhoneRouterDeps, _why: 'unavailable'): void {
  const charset = negotiateCharset(req.get('accept-charset'));
  const t = phoneTexts(phoneLanguage(null, req.get('accept-language'), deps.defaultLanguage, charset));
  const layout = keyLayoutFor(req.get('x-ciscoipphonemodelname'), undefined);
  const screen = bareErrorScreen(t, layout, t('errors.unavailable'));
  sendPhoneXml(res, renderText(screen, charset), charset, { expired: true });
}
