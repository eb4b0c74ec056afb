import { resolveLanguage, type Language } from '../i18n/index.js';
import { reportTexts } from './report-language.js';
import type { ColumnType } from './call-fields.js';
import { destinationTypeTextKeys, directionTextKeys } from './report-text-keys.js';
import { CURRENCY_KEY, type CellValue, type ReportColumn, type ReportRow, type WordSet } from './report-table.js';
import { formatLocal, minorToDecimal, offsetAt, toLocal } from '../../tariffs/index.js';

/** Seconds as h:mm:ss. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** An instant as local ISO 8601 with the zone's offset: 2021-02-01T09:00:00+01:00. */
export function isoLocal(epochSeconds: number, timeZone: string): string {
  const l = toLocal(epochSeconds * 1000, timeZone);
  const offset = Math.round(offsetAt(Math.floor(epochSeconds) * 1000, timeZone) / 1000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const p = (n: number) => String(n).padStart(2, '0');
  const date =
    `${String(l.year).padStart(4, '0')}-${p(l.month)}-${p(l.day)}T${p(l.hour)}:` + `${p(l.minute)}:${p(l.second)}`;
  return `${date}${sign}${p(Math.floor(abs / 3600))}:${p(Math.floor((abs % 3600) / 60))}`;
}

const WORDS: Record<WordSet, Record<string, string>> = {
  direction: directionTextKeys,
  destinationType: destinationTypeTextKeys,
};

/** The word set a column's values belong to: its own, or a call list column's by its key. */
function wordSetOf(column: ReportColumn): WordSet | undefined {
  if (column.words) return column.words;
  return column.key === 'direction' || column.key === 'destinationType' ? column.key : undefined;
}

/**
 * `word` of a closed set (a direction, a destination type) in the reader's language; any other text (a group
 * label of another kind, a value the set does not know) as it is.
 */
export function wordOf(set: WordSet | undefined, word: string, language: string | undefined): string {
  const lang = resolveLanguage(language, 'en');
  const key = set ? WORDS[set][word] : undefined;
  return key ? reportTexts(lang)(key) : word;
}

/**
 * A cell whose stored value is a word, in the reader's language: yes/no, a
 * call's direction and destination type, and a summary's groups of those (and
 * its group of calls without a value); undefined for every other cell. Documents for people (text, PDF, Excel)
 * print these; CSV, for machines, keeps the stored value.
 */
export function wordText(value: CellValue, column: ReportColumn, lang: Language): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (column.type === 'boolean') return reportTexts(lang)(value ? 'document.yes' : 'document.no');
  // The engine's label of a summary's calls without a value of the group.
  if (column.key === 'group' && value === '(none)') return reportTexts(lang)('document.noValue');
  const set = wordSetOf(column);
  if (set && WORDS[set][String(value)]) return wordOf(set, String(value), lang);
  return undefined;
}

/** A cell for people (text table, PDF): local date-times, h:mm:ss, money with its decimals, words translated. */
export function cellText(
  value: CellValue,
  column: ReportColumn,
  row: ReportRow,
  timeZone: string,
  lang: Language = 'en',
): string {
  if (value === null || value === undefined) return '';
  const word = wordText(value, column, lang);
  if (word !== undefined) return word;
  switch (column.type) {
    case 'instant': {
      const local = toLocal(Number(value) * 1000, timeZone);
      return `${formatLocal({ ...local, second: 0 })}:${String(local.second).padStart(2, '0')}`;
    }
    case 'duration':
      return formatDuration(Number(value));
    case 'money':
      return minorToDecimal(Number(value), row[CURRENCY_KEY] as string | null);
    default:
      return String(value);
  }
}

/** A cell for machines (CSV): ISO instants with offset, seconds, exact decimal money, true/false. */
export function cellData(value: CellValue, type: ColumnType, row: ReportRow, timeZone: string): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'instant':
      return isoLocal(Number(value), timeZone);
    case 'money':
      return minorToDecimal(Number(value), row[CURRENCY_KEY] as string | null);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** Column headings for machine formats name their unit where the value alone does not say it. */
export function dataLabel(column: ReportColumn): string {
  return column.type === 'duration' ? `${column.label} (s)` : column.label;
}
