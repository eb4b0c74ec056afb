import { lazyModule } from '../lazy-module.js';
import { currencyDigits, minorToDecimal } from '../../tariffs/index.js';
import type { BudgetReadModel, BudgetStatus } from '../budgets/index.js';

/** One row of "budget against actual": a budget's subject in one period (closed, or the current one). */
export interface BudgetActualRow {
  budget: string;
  subject: string;
  period: string;
  start: Date;
  end: Date;
  currency: string;
  allowanceMinor: number;
  spentMinor: number;
}

// exceljs is imported when the first workbook is written (src/lazy-module.ts).
const excel = lazyModule('exceljs', () => import('exceljs'));

/** Imports exceljs now: the daemon does at start, so no request waits on its first import. */
export const loadBudgetWorkbookWriter = async (): Promise<void> => void (await excel.load());

const header = ['budget', 'subject', 'period', 'start', 'end', 'currency', 'budgeted', 'actual', 'difference'];

/** Every live budget's closed periods and current period, newest first per budget. */
export async function budgetAgainstActual(
  readModel: BudgetReadModel,
  statuses: BudgetStatus[],
): Promise<BudgetActualRow[]> {
  const rows: BudgetActualRow[] = [];
  for (const status of statuses) {
    const { budget } = status;
    const names = new Map(status.subjects.map((s) => [s.subject, s.name]));
    for (const s of status.subjects) {
      rows.push({
        budget: budget.name,
        subject: s.name,
        period: status.period.key,
        start: status.period.start,
        end: status.period.end,
        currency: budget.currency,
        allowanceMinor: s.allowanceMinor,
        spentMinor: s.spentMinor,
      });
    }
    for (const p of await readModel.periods(budget.id, { limit: 120 })) {
      rows.push({
        budget: budget.name,
        subject: names.get(p.subject) ?? String(p.subject),
        period: p.key,
        start: p.start,
        end: p.end,
        currency: budget.currency,
        allowanceMinor: p.allowanceMinor,
        spentMinor: p.spentMinor,
      });
    }
  }
  return rows;
}

function cells(r: BudgetActualRow): string[] {
  const money = (minor: number) => minorToDecimal(minor, r.currency);
  return [
    r.budget,
    r.subject,
    r.period,
    r.start.toISOString(),
    r.end.toISOString(),
    r.currency,
    money(r.allowanceMinor),
    money(r.spentMinor),
    money(r.allowanceMinor - r.spentMinor),
  ];
}

/** RFC 4180; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+@\t\r]/.test(value) || (/^-/.test(value) && !/^-\d/.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function budgetActualCsv(rows: BudgetActualRow[]): string {
  return [header, ...rows.map(cells)].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function budgetActualWorkbook(rows: BudgetActualRow[]): Promise<Buffer> {
  const ExcelJS = (await excel.load()).default;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Budget against actual');
  sheet.addRow(header);
  for (const r of rows) {
    const digits = 10 ** currencyDigits(r.currency);
    sheet.addRow([
      r.budget,
      r.subject,
      r.period,
      r.start,
      r.end,
      r.currency,
      r.allowanceMinor / digits,
      r.spentMinor / digits,
      (r.allowanceMinor - r.spentMinor) / digits,
    ]);
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
