import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../src/store/index.js';
import { makeTempDir } from '../harness/index.js';
import { seedDirectory, seedFebruaryCalls } from './call-fixtures.js';
import { pdfText } from './read-exports.js';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const tmp = makeTempDir('tollgate-report-cli-');
const dbUrl = `sqlite:${join(tmp.path, 'reports.db')}`;
const february = ['--from', '2021-02-01', '--to', '2021-02-28', '--tz', 'Europe/Rome'];

function tollgate(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(root, 'src/main.ts'), 'report', ...args], {
    cwd: tmp.path,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmp.path,
      TOLLGATE_DATABASE_URL: dbUrl,
      TOLLGATE_GENERAL_TIME_ZONE: 'Europe/Rome',
    },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each case starts the CLI (tsx, compose, migrations) once or more: seconds each on a busy machine.
describe('tollgate report', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const ds = createDataSource({ url: dbUrl });
    await ds.initialize();
    await ds.runMigrations();
    await seedFebruaryCalls(ds, await seedDirectory(ds));
    await ds.destroy();
  });
  afterAll(() => tmp.cleanup());

  it('prints cost by department as a table with totals', () => {
    const run = tollgate(['costs', ...february]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Cost by department\n {2}Calls from 2021-02-01 00:00 to 2021-03-01 00:00, time zone Europe\/Rome\n/,
    );
    expect(run.stdout).toMatch(/Sales\s+4\s+4\s+0\s+0:03:50\s+3\.00\s+1\.00\s+EUR/);
    expect(run.stdout).toMatch(/Total\s+8\s+5\s+3\s+0:07:10\s+3\.00\s+0\.75\s+EUR/);
  });

  it('writes a filtered call list as CSV with AND/OR conditions and chosen fields', () => {
    const run = tollgate([
      'calls',
      ...february,
      '--traffic',
      'external',
      '--where',
      'number = 006599775544',
      '--where',
      'or duration >= 200',
      '--fields',
      'startedAt,extension,number,duration',
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { comment: '#', columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      { Start: '2021-02-01T09:00:00+01:00', Extension: '211', Number: '006599775544', 'Duration (s)': '120' },
      { Start: '2021-02-03T11:00:00+01:00', Extension: '729', Number: '0698765432', 'Duration (s)': '200' },
    ]);
    expect(run.stdout).toContain('# More restrictions: number equal to 006599775544 OR duration at least 200');
  });

  it('masks external numbers with --mask and writes JSON', () => {
    const run = tollgate([
      'calls',
      ...february,
      '--nation',
      'SG',
      '--fields',
      'number,cost',
      '--format',
      'json',
      '--mask',
    ]);
    expect(JSON.parse(run.stdout).rows).toEqual([{ number: '006599775***', cost: '2.50', currency: 'EUR' }]);
  });

  it('writes a weekly trend to an Excel file', async () => {
    const file = join(tmp.path, 'trend.xlsx');
    const run = tollgate(['trend', ...february, '--interval', 'week', '--format', 'xlsx', '--output', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Report')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Calls and cost by week');
    const labels: unknown[] = [];
    sheet.eachRow((row) => labels.push(row.getCell(1).value));
    expect(labels).toEqual(expect.arrayContaining(['2021-02-01', '2021-02-08', '2021-02-15', '2021-02-22', 'Total']));
  });

  it('saves options as a public report, lists it, and runs it by name with overrides, as PDF', () => {
    const saved = tollgate([
      'costs',
      '--group-by',
      'nation',
      '--traffic',
      'external',
      '--save',
      'Nations',
      '--public',
      '--description',
      'Where we call',
    ]);
    expect(saved.stdout).toBe('saved public report Nations\n');
    const list = tollgate(['list']);
    expect(list.stdout).toMatch(/^Nations\tpublic\t\tWhere we call$/m);
    expect(list.stdout).toMatch(/^cost-by-department\tbuiltin\tCost analysis\t/m);
    const file = join(tmp.path, 'nations.pdf');
    expect(tollgate(['Nations', ...february, '--format', 'pdf', '--output', file]).code).toBe(0);
    const text = pdfText(readFileSync(file));
    expect(text).toContain('Nations');
    expect(text).toContain('Grouped by nation');
    expect(text).toEqual(expect.arrayContaining(['SG', 'IT', 'FR']));
  });

  it('runs a built-in report by name', () => {
    const run = tollgate(['unanswered-by-extension', ...february]);
    expect(run.stdout).toMatch(/^Unanswered calls by extension\n/);
    expect(run.stdout).toMatch(/729\s+2\s+0\s+2/);
  });

  it('says what is wrong and exits 1 for an unknown report or a bad option', () => {
    const unknown = tollgate(['nosuch']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('tollgate: no report named "nosuch" (tollgate report list shows them)\n');
    const bad = tollgate(['costs', '--group-by', 'planet']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^tollgate: invalid report options: groupBy: /);
  });
});
