import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliViewer } from '../../src/reports/index.js';
import { testDoor } from '../alarms/alarm-fixture.js';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { seedCalls, startReportDaemon } from './report-daemon.js';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** `tollgate serve` in its own process on the test's SQLite file, mailing to the test SMTP server; leases of 3 s. */
function spawnDaemon(dbUrl: string, smtpPort: number, cwd: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'serve'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      TOLLGATE_DATABASE_URL: dbUrl,
      TOLLGATE_HTTP_PORT: '0',
      TOLLGATE_HTTP_HOST: '127.0.0.1',
      TOLLGATE_SMTP_HOST: '127.0.0.1',
      TOLLGATE_SMTP_PORT: String(smtpPort),
      TOLLGATE_SMTP_SECURITY: 'none',
      TOLLGATE_SCHEDULER_LEASE_SECONDS: '3',
    },
  });
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  return { child, output: () => output };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a scheduled report whose daemon is killed (kill -9) during the run', () => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await smtp.close();
    await db.close();
  });

  const count = async (sql: string) => Number(((await db.dataSource.query(sql)) as Array<{ n: number }>)[0]?.n ?? 0);

  it(
    'is taken over after its lease expires by the restarted daemon, and its e-mail is sent exactly once',
    { timeout: 180_000 },
    async () => {
      // Set up as an operator would, then stop: a PDF of 6,000 calls takes long enough to be killed in the middle.
      const setup = await startReportDaemon(db.dataSource, smtp.port, new Date().toISOString());
      const from = Math.floor(Date.now() / 1000) - 86_400;
      const exts = ['2001', '2002', '2003', '2004', '2005'];
      await seedCalls(
        setup.tollgate,
        Array.from({ length: 6000 }, (_, i) => ({ extension: exts[i % 5]!, startedAt: from + i * 10 })),
      );
      const created = await setup.tollgate.scheduledReports.create(
        {
          description: 'Big PDF',
          report: 'call-monitor',
          filters: { period: { from: new Date((from - 60) * 1000).toISOString(), to: new Date().toISOString() } },
          recipients: ['ops@example.com'],
          format: 'pdf',
          recurrence: { startLocal: '2026-01-01T00:00', timeZone: 'Europe/Rome', every: 1, unit: 'days' },
        },
        cliViewer(),
        testDoor,
      );
      await setup.tollgate.stop();
      // Due now.
      await db.dataSource.query('UPDATE schedules SET next_run_at = ? WHERE id = ?', [Date.now() - 1000, created.id]);
      const cwd = join(db.url.replace(/^sqlite:/, ''), '..');

      const first = spawnDaemon(db.url, smtp.port, cwd);
      children.push(first.child);
      await until(
        async () => (await count("SELECT COUNT(*) AS n FROM schedule_runs WHERE status = 'running'")) === 1,
        90_000,
        'the run claimed',
      );
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      // Killed mid-run: nothing was queued yet, the run still holds its lease.
      expect(await count('SELECT COUNT(*) AS n FROM notify_outbox')).toBe(0);
      expect(smtp.received).toHaveLength(0);

      const second = spawnDaemon(db.url, smtp.port, cwd);
      children.push(second.child);
      await smtp.waitFor(1, 120_000);
      await until(
        async () => (await count("SELECT COUNT(*) AS n FROM schedule_runs WHERE status = 'done'")) === 1,
        30_000,
        'the run done',
      );
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.attachments[0]?.contentType).toBe('application/pdf');
      const runs = (await db.dataSource.query('SELECT status, attempts FROM schedule_runs')) as Array<{
        status: string;
        attempts: number;
      }>;
      expect(runs).toEqual([{ status: 'done', attempts: 2 }]);
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    },
  );
});
