import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliViewer } from '../../src/reports/index.js';
import { createDataSource } from '../../src/store/index.js';
import { testDoor } from '../alarms/alarm-fixture.js';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { seedCalls, startReportDaemon } from './report-daemon.js';

// Several daemons share one PostgreSQL (never one SQLite file): only there.
describe.runIf(process.env.TEST_DATABASE_URL)('two daemons on one PostgreSQL', () => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await smtp.close();
    await db.close();
  });

  it('send one e-mail per run of each schedule, whichever daemon claims it', { timeout: 120_000 }, async () => {
    const other = createDataSource({ url: db.url, schema: db.schema });
    await other.initialize();
    const a = await startReportDaemon(db.dataSource, smtp.port, '2026-03-03T05:59:59Z');
    const b = await startReportDaemon(other, smtp.port, '2026-03-03T05:59:59Z', { importDirectory: false });
    try {
      const day = (d: string) => Date.parse(`${d}T10:00:00Z`) / 1000;
      await seedCalls(a.tollgate, [
        { extension: '2001', startedAt: day('2026-03-02') },
        { extension: '2002', startedAt: day('2026-03-03') },
      ]);
      const recurrence = { startLocal: '2026-03-03T07:00', timeZone: 'Europe/Rome', every: 1, unit: 'days' as const };
      for (let i = 0; i < 6; i++) {
        await a.tollgate.scheduledReports.create(
          {
            description: `r${i}`,
            report: 'call-monitor',
            filters: { period: { preset: 'yesterday' } },
            recipients: [`r${i}@example.com`],
            recurrence,
          },
          cliViewer(),
          testDoor,
        );
      }
      // Both reach the slot at once, each woken by its own timer.
      for (const d of [a, b]) d.clock.set('2026-03-03T06:00:00Z');
      a.tollgate.scheduler.runner.changed();
      b.tollgate.scheduler.runner.changed();
      await smtp.waitFor(6, 60_000);
      // And the next day's slot too.
      for (const d of [a, b]) d.clock.set('2026-03-04T06:00:00Z');
      a.tollgate.scheduler.runner.changed();
      b.tollgate.scheduler.runner.changed();
      await smtp.waitFor(12, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(smtp.received).toHaveLength(12);
      const recipients = smtp.received.map((m) => m.envelopeTo[0]).sort();
      expect(recipients).toEqual(
        Array.from({ length: 6 }, (_, i) => [`r${i}@example.com`, `r${i}@example.com`])
          .flat()
          .sort(),
      );
      const runs = (await db.dataSource.query('SELECT claimed_by FROM schedule_runs')) as Array<{ claimed_by: string }>;
      expect(runs).toHaveLength(12);
    } finally {
      await b.tollgate.stop();
      await a.tollgate.stop();
      await other.destroy();
    }
  });
});
