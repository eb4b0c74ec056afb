import { Router } from 'express';
import type { CurriHttpHandler } from './curri-http-handler.js';

/**
 * The CURRI edge as an Express router, for mounting at the application root.
 * The daemon serves CURRI through the same handler in front of Express (see
 * compose.ts); this router keeps the paths reachable when only the app is used.
 */
export function createCurriRouter(handler: CurriHttpHandler): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (!handler(req, res)) next();
  });
  return router;
}
