import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTollgateRunner, makeTempDir } from './harness/index.js';

const root = join(import.meta.dirname, '..');
const tmp = makeTempDir('tollgate-audit-cli-');
const tollgate = createTollgateRunner(tmp.path, join(tmp.path, 'audit.db'));
afterAll(() => tmp.cleanup());

interface Entry {
  at: string;
  actor: string;
  role: string;
  via: string;
  from: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

// Each command starts a fresh Node with tsx (a few seconds on a loaded machine).
describe('tollgate audit', { timeout: 900_000 }, () => {
  it('records what administrators do at the command line and lists it as JSON and filtered CSV', () => {
    const files = ['users.csv', 'departments.csv', 'cost-centres.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map(
      (f) => join(root, 'fixtures/demo', f),
    );
    expect(tollgate(['directory', 'import', ...files]).code).toBe(0);
    expect(
      tollgate(['admin', 'create', 'sue', '--role', 'supervisor', '--department', 'Sales'], {
        input: 'support staple 42\n',
      }).code,
    ).toBe(0);
    expect(tollgate(['lock', 'set', '2001', '--actor', 'ops', '--reason', 'stolen phone']).code).toBe(0);
    expect(
      tollgate([
        'budget',
        'add',
        'Sales monthly',
        '--department',
        'Sales',
        '--period',
        'month',
        '--amount',
        '100',
        '--currency',
        'EUR',
      ]).stderr,
    ).toBe('');

    const json = tollgate(['audit', '--format', 'json']);
    expect(json.stderr).toBe('');
    const entries = JSON.parse(json.stdout) as Entry[];
    expect(entries.map((e) => [e.action, e.via, e.role])).toEqual([
      ['directory.import', 'cli', 'admin'],
      ['admin-account.create', 'cli', 'admin'],
      ['lock.set', 'cli', 'admin'],
      ['budget.create', 'cli', 'admin'],
    ]);
    expect(entries[1]).toMatchObject({ target: 'sue', detail: { role: 'supervisor', departments: ['Sales'] } });
    expect(entries[2]).toMatchObject({
      actor: 'ops',
      target: '2001 (PT_Internal)',
      detail: { kind: 'admin', reason: 'stolen phone' },
    });
    expect(entries[2]!.from).not.toBe('');
    expect(JSON.stringify(entries)).not.toContain('support staple');

    const csv = tollgate(['audit', '--format', 'csv', '--since', '1d', '--action', 'lock.', '--actor', 'ops'])
      .stdout.trim()
      .split('\n');
    expect(csv[0]).toBe('at,actor,role,via,from,action,target,detail');
    expect(csv.slice(1)).toEqual([
      expect.stringMatching(/^\S+Z,ops,admin,cli,[^,]*,lock\.set,2001 \(PT_Internal\),"\{""kind"":""admin""/),
    ]);
  });
});
