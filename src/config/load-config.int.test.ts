import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/harness/index.js';
import { ConfigError, loadConfig } from './index.js';

const tmp = makeTempDir('tollgate-config-');
afterAll(() => tmp.cleanup());

/** Loads a YAML file written for the test; resolves with the problems (none when it loads). */
function problemsOf(yaml: string, env: Record<string, string> = {}): string[] {
  const file = join(tmp.path, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  try {
    loadConfig({ file, env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('loading the configuration', () => {
  it('refuses a misspelt key with its path instead of ignoring it', () => {
    expect(problemsOf('phone:\n  pin:\n    maxAttemps: 3\n')).toEqual([
      'phone.pin.maxAttemps: no such setting (see the settings table in docs/manual/configuration.md)',
    ]);
  });

  it('refuses unknown keys at the top level, inside a site and inside an SFTP source', () => {
    const problems = problemsOf(
      [
        'genral: {}',
        'sites:',
        '  milan:',
        '    country: IT',
        '    timezone: Europe/Rome',
        'cdr:',
        '  sftpSources:',
        '    - name: cucm1',
        '      host: 127.0.0.1',
        '      username: cdr',
        '      pasword: x',
      ].join('\n'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'genral: no such setting (see the settings table in docs/manual/configuration.md)',
        'sites.milan.timezone: no such setting (see the settings table in docs/manual/configuration.md)',
      ]),
    );
    expect(problems.some((p) => p.startsWith('cdr.sftpSources.0.pasword: '))).toBe(true);
  });

  it('accepts every documented key', () => {
    expect(
      problemsOf(
        'general:\n  timeZone: Europe/Rome\nphone:\n  pin:\n    maxAttempts: 3\nsites:\n  milan:\n  ' +
          '  country: IT\n    timeZone: Europe/Rome\n',
      ),
    ).toEqual([]);
  });

  it('refuses a plans folder that does not exist, naming it', () => {
    const missing = join(tmp.path, 'no-such-plans');
    expect(problemsOf(`tariffs:\n  plansDir: ${missing}\n`)).toEqual([
      `tariffs.plansDir: folder ${missing} does not exist`,
    ]);
    mkdirSync(missing);
    expect(problemsOf(`tariffs:\n  plansDir: ${missing}\n`)).toEqual([]);
  });

  it('refuses a misspelt time zone in general, reports and each site when loading, not when a report runs', () => {
    const problems = problemsOf(
      'general:\n  timeZone: Europe/Rom\nreports:\n  timeZone: Mars/Base\nsites:\n  milan:\n    ' +
        'country: IT\n    timeZone: Europe/Milano\n',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'general.timeZone: not an IANA time zone (e.g. Europe/Rome)',
        'reports.timeZone: not an IANA time zone (e.g. Europe/Rome)',
        'sites.milan.timeZone: not an IANA time zone (e.g. Europe/Rome)',
      ]),
    );
  });

  it('refuses to keep sent mails fewer days than a budget period lasts, and accepts 0 (for ever)', () => {
    expect(problemsOf('retention:\n  mail: 20\n')).toEqual([
      'retention.mail: must be 0 (kept for ever) or at least 32 days',
    ]);
    expect(problemsOf('retention:\n  mail: 0\n')).toEqual([]);
    expect(problemsOf('', { TOLLGATE_RETENTION_MAIL: '32' })).toEqual([]);
  });

  it('checks a value from the environment like one from the file', () => {
    expect(problemsOf('', { TOLLGATE_GENERAL_TIME_ZONE: 'Europe/Rom' })).toEqual([
      'general.timeZone: not an IANA time zone (e.g. Europe/Rome)',
    ]);
  });
});
