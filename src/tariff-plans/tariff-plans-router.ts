import { Router, type NextFunction, type Request, type Response } from 'express';
import { ForbiddenError } from '../errors/index.js';
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

/** GET /tariffs → what is loaded; POST /tariffs/reload → reload now (the plans in use stay if the folder is bad). */
export function createTariffPlansRouter(service: TariffPlansService): Router {
  const router = Router();
  router.use(localOnly);
  router.get('/', (_req, res) => {
    res.json(service.status());
  });
  router.post('/reload', async (_req, res) => {
    const outcome = await service.reload();
    res.status(outcome.ok ? 200 : 422).json(outcome);
  });
  return router;
}
