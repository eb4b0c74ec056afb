import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test/harness/index.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';

const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const fixtures = join(root, 'fixtures', 'cdr');
const tmp = makeTempDir('tollgate-ingest-cli-');
afterAll(() => tmp.cleanup());

// The operator's configuration file in the working folder (read by default) names the database.
writeFileSync(join(tmp.path, 'tollgate.yaml'), `database:\n  url: "sqlite:${join(tmp.path, 'cli.db')}"\n`);
const command = (args: string[]) => [
  process.execPath,
  '--import',
  tsxLoader,
  join(root, 'src/main.ts'),
  'ingest',
  ...args,
];

/** Runs `tollgate ingest` as an operator would, from an empty working folder. */
function tollgate(args: string[]) {
  const [exe, ...rest] = command(args) as [string, ...string[]];
  const result = spawnSync(exe, rest, { cwd: tmp.path, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tollgate ingest', () => {
  it(
    'stores files, prints one line per file and a total, and exits 1 when a file is quarantined',
    { timeout: 120_000 },
    () => {
      const run = tollgate([
        join(fixtures, 'cdr_StandAloneCluster_01_202611231000_1'),
        join(fixtures, 'cdr_StandAloneCluster_01_202611231055_10'),
        join(fixtures, 'cdr_StandAloneCluster_01_202611231050_9'),
      ]);
      expect(run.stdout).toContain(
        'cdr_StandAloneCluster_01_202611231000_1: stored (cdr) — 15 records: 14 stored, 0 ' +
          'duplicates, 0 rejected, 1 skipped',
      );
      expect(run.stdout).toContain(
        'cdr_StandAloneCluster_01_202611231055_10: QUARANTINED — line 1 is not a CUCM CDR or CMR header',
      );
      expect(run.stdout).toContain(
        'cdr_StandAloneCluster_01_202611231050_9: stored (cdr) — 8 records: 2 stored, 0 duplicates, ' +
          '6 rejected, 0 skipped',
      );
      expect(run.stdout).toMatch(
        /total: 3 file\(s\) \(2 stored, 0 already stored, 1 quarantined, 0 failed\); 16 records stored, 6 rejected/,
      );
      expect(run.code).toBe(1);
    },
  );

  it(
    'prints JSON for scripts, and a file already stored is reported as a duplicate that stored nothing, exit 0',
    { timeout: 120_000 },
    () => {
      const run = tollgate(['--json', join(fixtures, 'cdr_StandAloneCluster_01_202611231000_1')]);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        files: Array<{ outcome: string; records: { stored: number } }>;
        failures: unknown[];
        records: { stored: number };
      };
      expect(summary.failures).toEqual([]);
      expect(summary.files).toMatchObject([
        {
          outcome: 'duplicate',
          reason: 'same content as cdr_StandAloneCluster_01_202611231000_1 (stored)',
          records: { total: 0, stored: 0, duplicate: 0, rejected: 0, skipped: 0 },
        },
      ]);
      expect(summary.records.stored).toBe(0);
    },
  );

  it('echoes no terminal control sequence from a bad file, its name or its first line', { timeout: 120_000 }, () => {
    const file = join(tmp.path, 'cdr_\u001b[2J_01_202611231000_1');
    writeFileSync(file, '\u001b]0;owned\u0007\u001b[31mEVIL\u009b2J,b,c\n1,2,3\n', 'utf8');
    const run = tollgate([file]);
    for (const output of [run.stdout, run.stderr])
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run.stdout).toContain(
      'cdr_\\x1b[2J_01_202611231000_1: QUARANTINED — line 1 is not a CUCM CDR or CMR header (starts ' +
        '"\\x1b]0;owned\\x07\\x1b[31mEVIL\\x9b2J,b,c")',
    );
    expect(run.code).toBe(1);
  });

  it('reports a file it cannot read and still stores the others', { timeout: 120_000 }, () => {
    const run = tollgate([
      join(tmp.path, 'cdr_missing_01_202611231000_1'),
      join(fixtures, 'cdr_StandAloneCluster_01_202611231005_2'),
    ]);
    expect(run.stdout).toMatch(/cdr_missing_01_202611231000_1: FAILED — .*ENOENT/);
    expect(run.stdout).toContain('cdr_StandAloneCluster_01_202611231005_2: stored (cdr) — 4 records: 4 stored');
    expect(run.code).toBe(1);
  });

  it('draws a progress bar on a terminal', { timeout: 180_000 }, async () => {
    const file = join(tmp.path, 'cdr_Generated_01_202611231200_1');
    await writeGeneratedCdrFile(file, { records: 60_000, directory: trafficDirectory(50), seed: 7 });
    const shell = command([file])
      .map((a) => `'${a}'`)
      .join(' ');
    // script(1) runs the command on a pseudo-terminal, as an operator's shell would.
    const result = spawnSync('script', ['-qec', shell, '/dev/null'], {
      cwd: tmp.path,
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(result.stdout).toMatch(/\[#*\.*\] +\d+% 1\/1 cdr_Generated_01_202611231200_1 [\d,]+ records/);
    expect(result.stdout).toContain('cdr_Generated_01_202611231200_1: stored (cdr) — 60000 records: 60000 stored');
  });
});
