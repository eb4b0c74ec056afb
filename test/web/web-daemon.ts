import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { composeTollgate, type Tollgate } from '../../src/compose.js';
import { configSchema } from '../../src/config/index.js';
import { createLogger } from '../../src/logging/index.js';
import { afterAll, beforeAll } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';

const demoDir = join(import.meta.dirname, '../../fixtures/demo');

/** The password every test person gets (long enough for the policy). */
export const testPassword = 'correct horse battery';

/**
 * The real daemon as `serve` builds it (composeTollgate + an HTTP listener on
 * a free port) over a fresh SQLite file, with the demo directory imported,
 * an administrator `admin`, a supervisor account for giulia.bianchi (Sales),
 * and local passwords for the demo users.
 */
export interface WebDaemon {
  tollgate: Tollgate;
  baseUrl: string;
  logs: string[];
  db: TestDatabase;
  close(): Promise<void>;
}

export async function startWebDaemon(
  options: { withoutAdmin?: boolean; config?: Record<string, unknown> } = {},
): Promise<WebDaemon> {
  const db = await openTestDatabase('sqlite');
  const logs: string[] = [];
  const log = createLogger({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const config = configSchema.parse({
    sites: {
      default: {
        country: 'IT',
        timeZone: 'Europe/Rome',
        internalPatterns: ['^[1-8][0-9]{3}$'],
        emergencyNumbers: ['112'],
      },
    },
    ...options.config,
  });
  const tollgate = await composeTollgate(config, { log, dataSource: db.dataSource });
  const files = ['departments.csv', 'cost-centres.csv', 'users.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map(
    (f) => join(demoDir, f),
  );
  const summaries = await tollgate.directoryImport.importFiles(files);
  const problems = summaries.flatMap((s) => [
    ...s.rejected.map((r) => `${s.file}:${r.line} ${r.reason}`),
    ...(s.refused ? [s.refused] : []),
  ]);
  if (problems.length > 0) throw new Error(`demo import failed: ${problems.join('; ')}`);
  await tollgate.start();
  if (!options.withoutAdmin) {
    await tollgate.adminAccounts.create({ username: 'admin', password: testPassword, role: 'admin' });
    await tollgate.adminAccounts.create({
      username: 'giulia.bianchi',
      password: testPassword,
      role: 'supervisor',
      departments: ['Sales'],
    });
  }
  for (const user of ['marco.rossi', 'andrea.sonnino', 'sarah.jones', 'lukas.meyer'])
    await tollgate.web?.setPassword(user, testPassword);
  const server: Server = createServer(tollgate.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tollgate,
    baseUrl,
    logs,
    db,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tollgate.stop();
      await db.close();
    },
  };
}

/** Signs in through the form with fetch; resolves with the session cookie. */
export async function signIn(baseUrl: string, username: string, password = testPassword): Promise<string> {
  const res = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return cookie.split(';')[0] as string;
}

/** A signed-in fetch session over a session cookie: GETs, and form POSTs carrying the page's CSRF token. */
export async function formSession(baseUrl: string, cookie: string) {
  const get = (path: string) => fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
  const page = await (await get('/account')).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
  const post = (path: string, body: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...body }).toString(),
    });
  return { get, post };
}

/** Starts one daemon for the calling test file (or describe block) and closes it after; read `.daemon` inside tests. */
export function webDaemonForTests(options: Parameters<typeof startWebDaemon>[0] = {}): { daemon: WebDaemon } {
  const holder = {} as { daemon: WebDaemon };
  beforeAll(async () => {
    holder.daemon = await startWebDaemon(options);
  }, 90_000);
  afterAll(async () => {
    await holder.daemon?.close();
  });
  return holder;
}
