import { describe, expect, it } from 'vitest';
import { builtinReports } from './builtin-reports.js';
import { groupKeyNames } from './group-keys.js';
import { parseReportOptions } from './report-options-schema.js';

describe('built-in reports', () => {
  it('each has valid options and a unique name', () => {
    for (const report of builtinReports) expect(() => parseReportOptions(report.options), report.name).not.toThrow();
    expect(new Set(builtinReports.map((r) => r.name)).size).toBe(builtinReports.length);
  });

  it(
    "cover the user guide's cost analysis list: cost grouped by area, department, extension, " +
      'operator, cost centre, gateway, nation, number, destination type',
    () => {
      const grouped = builtinReports
        .filter((r) => r.name.startsWith('cost-by-') && r.options.kind === 'summary')
        .map((r) => r.options.groupBy);
      expect(grouped.sort()).toEqual([
        'area',
        'carrier',
        'costCentre',
        'department',
        'destinationType',
        'extension',
        'gateway',
        'nation',
        'number',
      ]);
      expect(grouped.every((g) => (groupKeyNames as readonly string[]).includes(g!))).toBe(true);
    },
  );
});
