import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateRunner, makeTempDir } from './harness/index.js';

const tmp = makeTempDir('tollgate-alarm-cli-');
const tollgate = createTollgateRunner(tmp.path, join(tmp.path, 'alarms.db'));
afterAll(() => tmp.cleanup());

// Each command starts a fresh Node with tsx (a few seconds on a loaded machine).
describe('tollgate alarm', { timeout: 900_000 }, () => {
  it('adds, lists, edits, runs, shows the history of (also as CSV) and deletes an alarm', () => {
    const add = tollgate([
      'alarm',
      'add',
      '--kind',
      'called-numbers',
      '--description',
      'Premium numbers',
      '--settings',
      '{"numbers":["0899*"]}',
      '--every',
      '15',
      '--unit',
      'minutes',
      '--to',
      'desk@example.com:it:admin',
    ]);
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('alarm 1 created (called-numbers)');
    expect(tollgate(['alarm', 'add', '--kind', 'called-numbers']).stderr).toContain('settings');
    // An alarm that tells nobody is refused, naming the field to fill.
    const silent = tollgate(['alarm', 'add', '--kind', 'international']);
    expect(silent.stderr).toContain('recipients: give at least one e-mail recipient or a webhook URL');

    const listed = JSON.parse(tollgate(['alarm', 'list', '--json']).stdout) as Array<Record<string, unknown>>;
    expect(listed).toEqual([
      expect.objectContaining({
        id: 1,
        kind: 'called-numbers',
        owner: 'cli',
        description: 'Premium numbers',
        active: true,
        recipients: [{ email: 'desk@example.com', language: 'it', role: 'admin' }],
      }),
    ]);

    expect(
      tollgate(['alarm', 'edit', '1', '--no-active', '--settings', '{"numbers":["0899*","0892*"]}']).stdout,
    ).toContain('alarm 1 changed');
    expect(tollgate(['alarm', 'list']).stdout).toMatch(
      /^1 {2}paused {2}cli {2}called-numbers {2}Premium numbers {2}every 15 minutes {2}to desk@example.com/,
    );

    expect(tollgate(['alarm', 'run-now', '1']).stdout).toContain('alarm 1: no-alarm (nothing to report)');
    const csv = tollgate(['alarm', 'history', '--format', 'csv']).stdout.trim().split('\r\n');
    expect(csv[0]).toBe(
      'id,alarm_id,kind,description,ran_at,period_from,period_to,trigger,outcome,findings,message,mails,webhook',
    );
    expect(csv[1]).toMatch(
      /^1,1,called-numbers,Premium numbers,\S+Z,\S+Z,\S+Z,manual,no-alarm,0,nothing to report,0,$/,
    );

    expect(tollgate(['alarm', 'delete', '1']).stdout).toContain('alarm 1 deleted');
    expect(tollgate(['alarm', 'list']).stdout.trim()).toBe('');
  });
});
