import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../src/config/index.js';
import { applyPersistentConnectionTimeouts } from '../src/http-server.js';
import type { CurriHttpHandler } from './curri-http-handler.js';

export interface CurriHttpsListener {
  readonly port: number;
  close(): Promise<void>;
}

/** What the HTTPS listener is made of. */
export interface CurriHttpsDeps {
  settings: Pick<Config['curri'], 'https' | 'keepAliveTimeoutMs'>;
  handler: CurriHttpHandler;
  logger: Logger;
}

/**
 * The optional HTTPS listener for an https:// ECC profile URL (docs/reference/curri.md §10).
 * CUCM authenticates mutually: with clientCaFile set, only clients presenting a
 * certificate signed by it (the CallManager certificates) are served. It serves
 * CURRI only; everything else gets 404.
 */
export async function startCurriHttpsListener(deps: CurriHttpsDeps): Promise<CurriHttpsListener> {
  const settings = deps.settings.https;
  const server = createCurriHttpsServer(deps);
  server.on('tlsClientError', (err) => deps.logger.warn({ err: err.message }, 'CURRI HTTPS: TLS handshake refused'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  deps.logger.info({ port, mutualTls: settings.clientCaFile !== '' }, 'CURRI HTTPS listener up');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The HTTPS server, not listening yet: certificates read, persistent-connection timeouts set. */
export function createCurriHttpsServer(deps: Omit<CurriHttpsDeps, 'logger'>): Server {
  const settings = deps.settings.https;
  const mutual = settings.clientCaFile !== '';
  const server: Server = createServer(
    {
      cert: readFileSync(settings.certFile),
      key: readFileSync(settings.keyFile),
      ...(mutual ? { ca: readFileSync(settings.clientCaFile), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (req, res) => {
      if (!deps.handler(req, res)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
      }
    },
  );
  // CUCM keeps its connections for reuse: idle sockets must outlive its keepalive interval.
  applyPersistentConnectionTimeouts(server, deps.settings.keepAliveTimeoutMs);
  return server;
}
