import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateRunner, makeTempDir } from './harness/index.js';

const tmp = makeTempDir('tollgate-alarm-cli-audit-');
const tollgate = createTollgateRunner(tmp.path, join(tmp.path, 'audit.db'));
afterAll(() => tmp.cleanup());

function ok(args: string[]): string {
  const run = tollgate(args);
  expect(run.stderr, args.join(' ')).toBe('');
  expect(run.code, args.join(' ')).toBe(0);
  return run.stdout;
}

function audited(family: string): Array<Record<string, unknown>> {
  return (JSON.parse(ok(['audit', '--action', family, '--format', 'json'])) as Array<Record<string, unknown>>).sort(
    (a, b) => Number(a.id) - Number(b.id),
  );
}

// Each command starts a fresh Node with tsx (a few seconds on a loaded machine).
describe('alarm and scheduled-report commands are audited', { timeout: 900_000 }, () => {
  const actor = `cli:${userInfo().username}`;

  it('records each alarm command once, with the OS user and the cli door', () => {
    ok(['alarm', 'add', '--kind', 'international', '--description', 'Calls abroad', '--to', 'desk@example.com']);
    ok(['alarm', 'edit', '1', '--description', 'Calls abroad, daily']);
    ok(['alarm', 'pause', '1']);
    ok(['alarm', 'resume', '1']);
    ok(['alarm', 'run-now', '1']);
    ok(['alarm', 'delete', '1']);
    // A refused command (no such alarm) leaves nothing.
    expect(tollgate(['alarm', 'delete', '7']).code).not.toBe(0);

    const entries = audited('alarm.');
    expect(entries.map((e) => e.action)).toEqual([
      'alarm.create',
      'alarm.edit',
      'alarm.pause',
      'alarm.resume',
      'alarm.run-now',
      'alarm.delete',
    ]);
    for (const e of entries) expect(e).toMatchObject({ actor, role: 'admin', via: 'cli' });
    expect(entries[1]).toMatchObject({ target: 'alarm 1 (Calls abroad, daily)' });
  });

  it('records each scheduled-report command once, with the OS user and the cli door', () => {
    const added = ok([
      'schedule',
      'report',
      'add',
      '--report',
      'call-monitor',
      '--description',
      'Monitor',
      '--start',
      '2026-03-02 08:00',
      '--every',
      '1 day',
      '--to',
      'desk@example.com',
    ]);
    // Alarms and reports share the scheduler's ids: the list line starts with this one's.
    const id = added.split('\t')[0]!;
    ok(['schedule', 'report', 'edit', id, '--description', 'Monitor, daily']);
    for (const verb of ['pause', 'resume', 'run-now', 'delete']) ok(['schedule', 'report', verb, id]);

    const entries = audited('scheduled-report.');
    expect(entries.map((e) => e.action)).toEqual([
      'scheduled-report.create',
      'scheduled-report.edit',
      'scheduled-report.pause',
      'scheduled-report.resume',
      'scheduled-report.run-now',
      'scheduled-report.delete',
    ]);
    for (const e of entries) expect(e).toMatchObject({ actor, role: 'admin', via: 'cli' });
    expect(entries[0]).toMatchObject({
      target: `scheduled report ${id} (Monitor)`,
      detail: { report: 'call-monitor', owner: 'cli' },
    });
  });
});
