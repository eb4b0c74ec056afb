import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Registry } from 'prom-client';
import { AppError } from './errors/index.js';

/** A module's HTTP surface, mounted at `path`. */
export interface MountedRouter {
  path: string;
  router: RequestHandler;
  /**
   * Hot paths (CURRI answers every call attempt) log one line per decision
   * themselves; they opt out of the generic per-request log line.
   */
  requestLogging?: boolean;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: 'ok' | 'unreachable';
  lastCdrIngestedAt: string | null;
  [part: string]: unknown;
}

export interface HttpAppDeps {
  log: Logger;
  metrics: Registry;
  health: () => Promise<HealthReport>;
  routers: MountedRouter[];
}

/** The Express app: routers, /healthz, /metrics, and the JSON error edge. It never listens (main.ts does). */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  for (const mounted of deps.routers.filter((r) => r.requestLogging === false)) app.use(mounted.path, mounted.router);
  app.use(
    pinoHttp({
      logger: deps.log.child({ module: 'http' }),
      genReqId: (req, res) => {
        const id = req.headers['x-request-id'] ?? crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.get('/healthz', async (_req, res) => {
    const report = await deps.health();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  for (const mounted of deps.routers.filter((r) => r.requestLogging !== false)) app.use(mounted.path, mounted.router);
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${req.path}` } });
  });
  app.use(jsonErrorHandler(deps.log));
  return app;
}

function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof AppError) {
      if (!err.isClientError) log.error({ err, url: req.url }, 'request failed');
      res
        .status(err.httpStatus)
        .json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      return;
    }
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error({ err, url: req.url }, 'request failed');
    res.status(status).json({
      error: {
        code: status === 500 ? 'INTERNAL' : 'BAD_REQUEST',
        message: status === 500 ? 'internal error' : String(err.message),
      },
    });
  };
}
