import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateRunner, makeTempDir } from '../harness/index.js';

const tmp = makeTempDir('tollgate-schedule-cli-');
afterAll(() => tmp.cleanup());
const tollgate = createTollgateRunner(tmp.path, join(tmp.path, 'cli.db'));

describe('tollgate schedule report', () => {
  it('adds, lists, edits, pauses, runs now and deletes a scheduled report', { timeout: 480_000 }, () => {
    const add = tollgate([
      ...[
        'schedule',
        'report',
        'add',
        '--report',
        'phone-bill',
        '--description',
        'Monthly bill',
        '--start',
        '2026-01-01 07:00',
      ],
      ...[
        '--every',
        '1 month',
        '--tz',
        'Europe/Rome',
        '--to',
        'boss@example.com',
        '--format',
        'pdf',
        '--department',
        'Sales',
        '--send-empty',
      ],
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(
      /^1\tactive\tcli\tMonthly bill\tphone-bill\tpdf\tevery 1 months from 2026-01-01T07:00 Europe\/Rome\tnext /,
    );
    const edit = tollgate(['schedule', 'report', 'edit', '1', '--every', '2 weeks', '--paused']);
    expect(edit.code).toBe(0);
    expect(edit.stdout).toMatch(/^1\tpaused\t.*every 2 weeks from 2026-01-01T07:00 Europe\/Rome\tnext paused/);
    const run = tollgate(['schedule', 'report', 'run-now', '1']);
    expect(run.stdout).toMatch(/^sent: 0 rows, pdf to 1 recipient/);
    const list = tollgate(['schedule', 'report', 'list', '--json']);
    const [listed] = JSON.parse(list.stdout) as Array<{ filters: unknown; lastResult: string; paused: boolean }>;
    expect(listed).toMatchObject({ filters: { departments: ['Sales'] }, lastResult: 'sent', paused: true });
    const bad = tollgate([
      'schedule',
      'report',
      'add',
      '--report',
      'nope',
      '--start',
      '2026-01-01 07:00',
      '--every',
      '1 day',
      '--to',
      'a@example.com',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('no report named "nope"');
    expect(tollgate(['schedule', 'report', 'delete', '1']).stdout).toContain('deleted scheduled report 1');
    expect(tollgate(['schedule', 'report', 'list']).stdout).toBe('');
  });
});
