import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../test/reports/read-exports.js';
import type { Language } from '../i18n/index.js';
import { reportTexts } from './report-language.js';
import { tableOf, type ReportRow, type ReportTable } from './report-table.js';
import { writePdfReport, type PdfOptions } from './write-pdf-report.js';

/** Pages as PNG for people to look at (an ignored folder, like the web tests' screenshots). */
const pagesDir = join(import.meta.dirname, '../../test/reports/pages');
const scratch = mkdtempSync(join(tmpdir(), 'tollgate-pdf-words-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const START = 1_768_458_600; // 2026-01-15 06:30 UTC
const LONG_NAME = 'عبد الرحمن بن عبد العزيز بن محمد بن سعود الطويل';

function calls(lang: Language, names: string[], numbers: string[], currency: string, count: number): ReportTable {
  const t = reportTexts(lang);
  const rows: ReportRow[] = Array.from({ length: count }, (_, i) => ({
    startedAt: START + i * 3600,
    extension: String(1001 + (i % 7)),
    userName: names[i % names.length]!,
    number: numbers[i % numbers.length]!,
    direction: i % 3 === 0 ? 'incoming' : 'outgoing',
    duration: 125 + i * 61,
    cost: 1250 + i * 7,
    __currency: currency,
  }));
  const total = rows.reduce((sum, r) => sum + Number(r.cost), 0);
  return tableOf(
    {
      title: t('title.callList'),
      language: lang,
      filter: [
        t('filter.period', { from: '2026-01-01 00:00', to: '2026-01-31 23:59', timeZone: 'Europe/Rome' }),
        t('filter.numberEquals', { number: '+39 06 1234' }),
      ],
      timeZone: 'Europe/Rome',
      columns: [
        { key: 'startedAt', label: t('field.startedAt'), type: 'instant' },
        { key: 'extension', label: t('field.extension'), type: 'text' },
        { key: 'userName', label: t('field.userName'), type: 'text' },
        { key: 'number', label: t('field.number'), type: 'text' },
        { key: 'direction', label: t('field.direction'), type: 'text' },
        { key: 'duration', label: t('field.duration'), type: 'duration' },
        { key: 'cost', label: t('field.cost'), type: 'money' },
      ],
    },
    rows,
    { totals: [{ extension: t('total'), cost: total, __currency: currency }], notes: [t('note.truncated')] },
  );
}

const arabic = () => calls('ar', ['محمد العلي', 'Mario Rossi', LONG_NAME], ['+39 06 1234', '0612345678'], 'SAR', 60);
const polish = () =>
  calls(
    'pl',
    ['Łukasz Żółkiewski', 'Zofia Ćwiklińska', 'Grzegorz Brzęczyszczykiewicz'],
    ['+48 22 123 45 67'],
    'PLN',
    3,
  );
const english = (names = ['Anne-Sophie Müller', 'Mario Rossi']) => calls('en', names, ['+39 06 1234'], 'EUR', 3);

/** Renders the report, keeps its pages as PNG under test/reports/pages, and answers the PDF's file path. */
async function rendered(name: string, table: ReportTable, options?: PdfOptions): Promise<string> {
  const out = collect();
  await writePdfReport(table, out, options);
  const file = join(scratch, `${name}.pdf`);
  writeFileSync(file, out.bytes());
  mkdirSync(pagesDir, { recursive: true });
  execFileSync('pdftoppm', ['-r', '80', '-png', file, join(pagesDir, name)]);
  return file;
}

/** pdftotext's reading, without the bidi marks it wraps right-to-left lines in. */
function textOf(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e]/g, '');
}

interface Word {
  text: string;
  x: number;
  right: number;
  y: number;
  page: number;
}

/** Every word pdftotext finds, with its box (`-bbox`: right-to-left words come out in drawing order). */
function wordsOf(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .flatMap((page, i) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map(
        (m) => ({ text: m[4]!, x: Number(m[1]), y: Number(m[2]), right: Number(m[3]), page: i }),
      ),
    );
}

function fontsOf(file: string): string[] {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
}

describe('PDF exports in Polish and Arabic', () => {
  it('draws Polish letters (ł ą ę ś ż ń ć ó ź) in headings, filter and cells, in one typeface throughout', async () => {
    const file = await rendered('pl-calls', polish());
    const text = textOf(file);
    for (const words of ['Lista połączeń', 'Łukasz Żółkiewski', 'Zofia Ćwiklińska', 'Numer równy +39 06 1234'])
      expect(text).toContain(words);
    // A name too long for its column is cut, its letters intact.
    expect(text).toContain('Grzegorz Brzęczyszczyk');
    expect(text).toContain(reportTexts('pl')('field.startedAt'));
    expect(text).toContain('przychodzące');
    expect(text).toContain('+48 22 123 45 67');
    expect(fontsOf(file).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
  });

  it('reads an Arabic report back word for word, with the digits of dates and phone numbers in order', async () => {
    const file = await rendered('ar-calls', arabic());
    const text = textOf(file);
    for (const words of ['قائمة المكالمات', 'محمد العلي', 'صادرة', 'واردة', 'المجموع', 'الرقم يساوي'])
      expect(text).toContain(words);
    expect(text).toContain('2026-01-15 07:30:00');
    expect(text).toContain('+39 06 1234');
    expect(text).toContain('2026-01-01 00:00');
    expect(text).not.toMatch(/4321|93\+/);
  });

  it('lays an Arabic report out right to left: first column at the right, words and numbers in order', async () => {
    const file = await rendered('ar-calls', arabic());
    const words = wordsOf(file);
    const at = (text: string, page = 0) => words.filter((w) => w.text === text && w.page === page);
    const firstRow = at('2026-01-15')[0]!;
    const row = words.filter((w) => w.page === 0 && Math.abs(w.y - firstRow.y) < 1);
    const costOfFirstRow = row.find((w) => w.text === '12.50')!;
    // The start (first column) is the rightmost cell, the cost (last column) the leftmost; its date before its time.
    expect(firstRow.x).toBeGreaterThan(costOfFirstRow.x);
    expect(Math.max(...row.map((w) => w.right))).toBe(row.find((w) => w.text === '07:30:00')!.right);
    expect(firstRow.x).toBeLessThan(row.find((w) => w.text === '07:30:00')!.x);
    // The title and the filter end at the right margin (A4 landscape: 842 pt wide, 36 pt margins).
    const titleLine = words.filter((w) => w.page === 0 && w.y < 40);
    expect(Math.max(...titleLine.map((w) => w.right))).toBeCloseTo(842 - 36, 0);
    // The phone number in the filter reads +39 06 1234 from left to right, left of the words before it.
    const [plus, area, local] = ['+39', '06', '1234'].map((n) => at(n).find((w) => w.y < 100)!);
    expect(plus!.x).toBeLessThan(area!.x);
    expect(area!.x).toBeLessThan(local!.x);
    const arabicWords = words.filter((w) => Math.abs(w.y - plus!.y) < 1 && /\p{Script=Arabic}/u.test(w.text));
    expect(arabicWords).toHaveLength(2);
    for (const word of arabicWords) expect(word.x).toBeGreaterThan(local!.right);
    // The header is repeated on page 2, again from the right, and the page number is at the left.
    expect(at('2026-01-16', 1)[0]!.x).toBeCloseTo(firstRow.x, 0);
    expect(Math.min(...words.filter((w) => w.page === 1).map((w) => w.x))).toBeCloseTo(36, 0);
  });

  it('keeps Helvetica for a Western report and draws a Greek or Arabic name in it with DejaVu Sans', async () => {
    const western = await rendered('en-calls', english());
    expect(fontsOf(western).sort()).toEqual(['Helvetica', 'Helvetica-Bold']);
    const mixed = await rendered('en-calls-greek-arabic', english(['Νίκος Παπαδόπουλος', 'سارة الأحمد']));
    expect(fontsOf(mixed).sort()).toEqual(['DejaVuSans', 'Helvetica', 'Helvetica-Bold']);
    const text = textOf(mixed);
    expect(text).toContain('Νίκος Παπαδόπουλος');
    expect(text).toContain('Call list');
  });

  it('draws everything with the configured font file when one is set', async () => {
    const mono = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf');
    const file = await rendered('pl-calls-font-file', polish(), { fontFile: mono });
    expect(fontsOf(file)).toEqual(['DejaVuSansMono']);
    expect(textOf(file)).toContain('Łukasz Żółkiewski');
  });
});
