import { describe, expect, it } from 'vitest';
import { collect } from '../../test/reports/read-exports.js';
import { tableOf, type ReportRow } from './report-table.js';
import { writeTextReport } from './write-text-report.js';

const columns = [
  { key: 'group', label: 'Destination', type: 'text' as const },
  { key: 'calls', label: 'Calls', type: 'integer' as const },
  { key: 'cost', label: 'Cost', type: 'money' as const },
];
const eur = (group: string, calls: number, cost: number): ReportRow => ({ group, calls, cost, __currency: 'EUR' });

async function render(rows: ReportRow[], totals: ReportRow[], terminalWidth?: number): Promise<string[]> {
  const out = collect();
  await writeTextReport(tableOf({ title: 'Cost', filter: [], timeZone: 'UTC', columns }, rows, { totals }), out, {
    terminalWidth,
  });
  return out.bytes().toString('utf8').split('\n');
}

describe('text table', () => {
  it('writes a total wider than every row in full', async () => {
    const lines = await render([eur('Italy', 5, 300), eur('France', 3, 700)], [eur('Total', 8, 1000)]);
    expect(lines).toContainEqual(expect.stringMatching(/^Total\s+8\s+10\.00$/));
    expect(lines.join('\n')).not.toContain('…');
  });

  it('never cuts a number or money of a row after the sampled ones', async () => {
    const rows = [...Array.from({ length: 250 }, (_, i) => eur(`Area ${i}`, 1, 5)), eur('Late', 123456, 987654321)];
    const lines = await render(rows, []);
    expect(lines).toContainEqual(expect.stringMatching(/^Late\s+123456\s+9876543\.21$/));
  });

  it('narrows only long text columns to fit the terminal', async () => {
    const place = 'Antarctica satellite services premium rate';
    const lines = await render([eur(place, 12, 123456)], [eur('Total', 12, 123456)], 30);
    const row = lines.find((l) => l.startsWith('Antarctica'))!;
    expect(row.length).toBeLessThanOrEqual(30);
    expect(row).toMatch(/^Antarctica.*…\s+12\s+1234\.56$/);
  });
});
