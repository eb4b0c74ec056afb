import { json, Router, type NextFunction, type Request, type Response } from 'express';
import { BadInputError, ForbiddenError } from '../errors/index.js';
import type { CallRerater } from './rerate-calls.js';
import type { TariffPlansService } from './tariff-plans-service.js';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * What `tollgate tariffs reload` talks to. Answers only requests from this
 * machine (loopback, or the listening address itself when bound to one
 * interface) that no proxy relayed: it is the local command's door, not an API.
 */
function localOnly(req: Request, _res: Response, next: NextFunction): void {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  const remote = req.socket.remoteAddress ?? '';
  if (relayed || !(loopback.has(remote) || remote === req.socket.localAddress)) {
    next(new ForbiddenError('tariff plan administration answers local requests only (tollgate tariffs reload)'));
    return;
  }
  next();
}

/**
 * GET /tariffs → what is loaded; POST /tariffs/reload → reload now (the plans
 * in use stay if the folder is bad); POST /tariffs/rerate {from, to} → reload,
 * then re-rate the stored calls started in [from, to) with the plans loaded.
 */
export function createTariffPlansRouter(service: TariffPlansService, rerater: CallRerater): Router {
  const router = Router();
  router.use(localOnly);
  router.use(json({ limit: '4kb' }));
  router.get('/', (_req, res) => {
    res.json(service.status());
  });
  router.post('/reload', async (_req, res) => {
    const outcome = await service.reload();
    res.status(outcome.ok ? 200 : 422).json(outcome);
  });
  router.post('/rerate', async (req, res) => {
    const body = (req.body ?? {}) as { from?: unknown; to?: unknown };
    const from = typeof body.from === 'string' ? new Date(body.from) : undefined;
    const to = typeof body.to === 'string' ? new Date(body.to) : undefined;
    if (!from || !to || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      throw new BadInputError('give {"from": ISO instant, "to": ISO instant} with from before to');
    }
    const reloaded = await service.reload();
    if (!reloaded.ok) {
      res.status(422).json(reloaded);
      return;
    }
    res.json({ ok: true, summary: await rerater.rerate(service.book(), { from, to }) });
  });
  return router;
}
