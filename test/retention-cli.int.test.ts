import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateRunner, makeTempDir } from './harness/index.js';

const tmp = makeTempDir('tollgate-retention-cli-');
const dbFile = join(tmp.path, 'retention.db');
const tollgate = createTollgateRunner(tmp.path, dbFile);
afterAll(() => tmp.cleanup());

/** better-sqlite3 (TypeORM's SQLite driver, which ships no types here): the rows the purge is to find. */
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  close(): void;
};
const DAY = 86_400_000;

// Each command starts a fresh Node with tsx (a few seconds on a loaded machine).
describe('tollgate retention', { timeout: 900_000 }, () => {
  it('shows what is kept how long, purges at once (audited) and lists the purges', () => {
    const shown = tollgate(['retention', 'show', '--format', 'json']);
    expect(shown.stderr).toBe('');
    const kinds = JSON.parse(shown.stdout) as Array<{ kind: string; days: number; lastPurge: unknown }>;
    const days = Object.fromEntries(kinds.map((k) => [k.kind, k.days]));
    expect(days).toMatchObject({ calls: 0, curriDecisions: 90, alarmHistory: 365, reportHistory: 365, audit: 0 });
    expect(kinds.every((k) => k.lastPurge === null)).toBe(true);

    // The database the first command migrated: CURRI decisions and alarm runs, old and recent.
    const now = Date.now();
    const db = new Database(dbFile);
    db.prepare(
      "INSERT INTO curri_decision_kinds (context, trigger_point, outcome, reason, destination) VALUES ('', '', " +
        "'permit', 'allowed', '')",
    ).run();
    for (const age of [200, 100, 1])
      db.prepare('INSERT INTO curri_decisions (decided_at, kind_id, latency_us) VALUES (?, 1, 5)').run(now - age * DAY);
    for (const age of [500, 2])
      db.prepare(
        'INSERT INTO alarm_history (alarm_id, kind, description, ran_at, period_from, period_to, trigger, outcome, ' +
          "findings, message, mails, webhook, detail) VALUES (1, 'long-calls', 'Long calls', ?, 0, 0, 'schedule', " +
          "'found', 1, '', 0, '', '{}')",
      ).run(now - age * DAY);
    db.close();

    const ran = tollgate(['retention', 'run-now'], { env: { USER: 'ops' } });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toMatch(/^curriDecisions\s+2 deleted/m);
    expect(ran.stdout).toMatch(/^alarmHistory\s+1 deleted/m);

    const history = tollgate(['retention', 'history', '--format', 'json']);
    const purges = JSON.parse(history.stdout) as Array<{ kind: string; deleted: number; cutoff: string }>;
    expect(purges.map((p) => [p.kind, p.deleted]).sort()).toEqual([
      ['alarmHistory', 1],
      ['curriDecisions', 2],
    ]);
    const decisions = purges.find((p) => p.kind === 'curriDecisions')!;
    expect(Math.abs(Date.parse(decisions.cutoff) - (now - 90 * DAY))).toBeLessThan(120_000);
    const one = JSON.parse(tollgate(['retention', 'history', '--kind', 'alarmHistory', '--format', 'json']).stdout);
    expect(one).toHaveLength(1);

    const after = JSON.parse(tollgate(['retention', 'show', '--format', 'json']).stdout) as typeof kinds;
    expect(after.find((k) => k.kind === 'curriDecisions')?.lastPurge).toMatchObject({ deleted: 2 });

    const audit = JSON.parse(tollgate(['audit', '--action', 'retention.', '--format', 'json']).stdout) as Array<{
      action: string;
      via: string;
      detail: { deleted: Record<string, number> };
    }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'retention.purge', via: 'cli' });
    expect(audit[0]!.detail.deleted).toMatchObject({ curriDecisions: 2, alarmHistory: 1 });

    // Bad input gets a clear answer, not a stack trace.
    const badKind = tollgate(['retention', 'history', '--kind', 'nope']);
    expect(badKind.code).not.toBe(0);
    expect(badKind.stderr).toMatch(/no retention kind "nope" \(kinds: calls, /);
    const badLimit = tollgate(['retention', 'history', '--limit', '0']);
    expect(badLimit.stderr).toMatch(/--limit must be a whole number above 0/);
    expect(tollgate(['retention', 'show', '--format', 'xml']).stderr).toMatch(/--format must be table or json/);
  });
});
