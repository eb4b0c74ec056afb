import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from './config/index.js';

/** Something with node's HTTP server timeouts: an http.Server or an https.Server. */
interface TimedServer {
  keepAliveTimeout: number;
  headersTimeout: number;
}

/**
 * Keeps idle persistent connections open for `keepAliveTimeoutMs` (curri.md
 * §13.2: CUCM keeps its connections to the route server and reuses them; a
 * server that closes an idle socket first races CUCM's next request on it).
 * headersTimeout stays above keepAliveTimeout (node releases before 18 counted
 * the idle time of a kept-alive socket against it). Both are set after
 * construction: node refuses a headersTimeout above requestTimeout in the
 * options, and requestTimeout keeps its default (a slow request is still cut
 * at 300 s).
 */
export function applyPersistentConnectionTimeouts(server: TimedServer, keepAliveTimeoutMs: number): void {
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = keepAliveTimeoutMs + 1000;
}

/**
 * The main HTTP server (CURRI, phone services, SOAP, web); it does not listen.
 * curri.keepAliveTimeoutMs applies here as on the CURRI HTTPS listener: CUCM
 * keeps its connections to either.
 */
export function createTollgateHttpServer(listener: RequestListener, config: Pick<Config, 'curri'>): Server {
  const server = createServer(listener);
  applyPersistentConnectionTimeouts(server, config.curri.keepAliveTimeoutMs);
  return server;
}
