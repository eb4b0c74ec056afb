import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { composeTollgate, type Tollgate } from '../compose.js';
import { createTollgateHttpServer } from '../http-server.js';
import { createLogger } from '../logging/index.js';
import type { CliContext } from './cli-context.js';

/** Where each service answers, for the start-up banner and the README. */
export function serviceUrls(base: string): Record<string, string> {
  return {
    curri: `${base}/curri`,
    phoneService: `${base}/phone/menu?name=#DEVICENAME#`,
    phoneAuthentication: `${base}/phone/authenticate`,
    soapWsdl: `${base}/soap/reporting?wsdl`,
    web: `${base}/`,
    health: `${base}/healthz`,
    metrics: `${base}/metrics`,
  };
}

export function registerServeCommand(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description('run the daemon: CURRI, phone services, CDR collection, budgets, SOAP and the web on one HTTP port')
    .action(async () => {
      const config = cli.config();
      const log = createLogger(config.logging);
      const tollgate = await composeTollgate(config, { log });
      await tollgate.start();
      // CUCM keeps CURRI connections alive for reuse: idle sockets must outlive its keepalive interval.
      const server = createTollgateHttpServer(tollgate.requestListener, config);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.http.port, config.http.host, resolve);
      });
      const { port } = server.address() as AddressInfo;
      const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
      const base = config.http.publicUrl || `http://${host}:${port}`;
      log.info({ port, urls: serviceUrls(base) }, 'tollgate is serving');
      const lines = Object.entries(serviceUrls(base)).map(([name, url]) => `  ${name.padEnd(20)} ${url}`);
      process.stderr.write(
        `\nTollgate is serving on port ${port}:\n${lines.join('\n')}\n\n${await nextSteps(tollgate, base)}`,
      );
      installShutdown(server, tollgate, config.http.shutdownGraceMs);
    });
}

/**
 * What to do next, for the banner: open the portal, and on a fresh install create an administrator and load a
 * directory.
 */
export async function nextSteps(tollgate: Tollgate, base: string): Promise<string> {
  if (!tollgate.web) return '';
  const steps = [`  Web portal: ${base}/ (sign in with a directory user or an admin account)`];
  if (!(await tollgate.adminAccounts.hasAdministrator())) {
    steps.push(
      '  No administrator yet. Next:',
      '    1. tollgate admin create <username>            (the first administrator; asks for a password)',
      '    2. tollgate directory import <users.csv> …     (or the demo: tollgate directory import fixtures/demo/*.csv)',
      `    3. open ${base}/ and sign in; set users' passwords on Phone Lock → Users`,
    );
  }
  return `${steps.join('\n')}\n\n`;
}

function installShutdown(server: Server, tollgate: Tollgate, graceMs: number): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    tollgate.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => {
      tollgate.log.warn({ graceMs }, 'grace period over: closing remaining connections');
      server.closeAllConnections();
    }, graceMs);
    timer.unref();
    await closed;
    clearTimeout(timer);
    await tollgate.stop();
    tollgate.log.info('stopped');
    process.exitCode = 0;
  };
  process.once('SIGTERM', (s) => void stop(s));
  process.once('SIGINT', (s) => void stop(s));
}

/** Used by tests and benchmarks: a live server on an ephemeral loopback port. */
export async function listenOnLoopback(tollgate: Tollgate): Promise<{ url: string; close(): Promise<void> }> {
  const server = createTollgateHttpServer(tollgate.requestListener, tollgate.config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
