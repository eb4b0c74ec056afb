import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeImportGraph } from './harness/index.js';

const root = join(import.meta.dirname, '..');

/**
 * Libraries only some work needs: charts and spreadsheets for web pages, PDF and Excel for reports, SOAP for its
 * API, SSH for SFTP sources, and the PostgreSQL driver (TypeORM loads it itself where the database is PostgreSQL).
 * Every CLI command composes the whole daemon; loaded eagerly they cost each command about 1 s and
 * `tollgate ingest` 40–50 MB of peak resident memory (issue 18). They are imported when first needed
 * (src/lazy-module.ts); the daemon imports the renderers and SOAP at start.
 */
const heavy = ['echarts', 'exceljs', 'pdfkit', 'soap', 'ssh2-sftp-client', 'pg'];

describe('what a tollgate command loads before it runs', () => {
  // src/main.ts imports the CLI (src/cli/index.ts) before it runs any command, and the CLI everything else.
  const { modules, packages } = runtimeImportGraph(join(root, 'src/cli/index.ts'));

  it('is what src/main.ts imports before it runs the command', () => {
    expect(readFileSync(join(root, 'src/main.ts'), 'utf8')).toMatch(/await import\('\.\/cli\/index\.js'\)/);
  });

  it('follows the composition root into the modules that use them', () => {
    for (const file of [
      'src/compose.ts',
      'src/web/create-web-portal.tsx',
      'src/web/analytics/render-chart-svg.ts',
      'src/reports/write-report.ts',
      'src/soap/soap-reporting-router.ts',
      'cdr-collector/sftp-source.ts',
    ])
      expect(modules).toContain(file);
  });

  it('imports none of the heavy libraries', () => {
    expect(heavy.filter((p) => packages.has(p)).map((p) => `${p} (from ${packages.get(p)})`)).toEqual([]);
  });

  it('would see them if a module imported them statically', () => {
    expect(runtimeImportGraph(join(root, 'src/reports/write-pdf-report.ts')).packages.has('pdfkit')).toBe(true);
    expect(runtimeImportGraph(join(root, 'src/reports/write-xlsx-report.ts')).packages.has('exceljs')).toBe(true);
  });
});
