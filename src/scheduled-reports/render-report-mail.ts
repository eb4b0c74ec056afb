import { formatDateTime, formatNumber, translator, type Language } from '../i18n/index.js';

/** What a scheduled report's subject and body may name (user guide §2.3: [[FILTER]] and friends). */
export const reportMailPlaceholders = ['REPORT', 'DESCRIPTION', 'FILTER', 'PERIOD', 'ROWS'] as const;

export interface ReportMailFacts {
  report: string;
  description: string;
  filter: string[];
  /** Epoch seconds, `to` exclusive. */
  period: { from: number; to: number } | null;
  timeZone: string;
  rows: number;
}

/**
 * The subject and body of one recipient's copy: the owner's texts (or the
 * default ones) in the recipient's language, placeholders filled.
 */
export function renderReportMail(
  texts: { subject: string; body: string },
  facts: ReportMailFacts,
  lang: Language,
): { subject: string; body: string } {
  const t = translator(lang, 'mail');
  const period = facts.period
    ? `${formatDateTime(lang, facts.timeZone, facts.period.from * 1000)} – ` +
      `${formatDateTime(lang, facts.timeZone, facts.period.to * 1000)}`
    : '';
  const values: Record<string, string> = {
    REPORT: facts.report,
    DESCRIPTION: facts.description,
    FILTER: facts.filter.join('\n'),
    PERIOD: period,
    ROWS: formatNumber(lang, facts.rows),
  };
  const fill = (text: string) => text.replace(/\[\[([A-Z]+)\]\]/g, (whole, key: string) => values[key] ?? whole);
  const subject = texts.subject.trim() === '' ? t('scheduledReport.subject') : texts.subject;
  const body = texts.body.trim() === '' ? t('scheduledReport.body') : texts.body;
  return {
    subject: fill(subject)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 500),
    body: fill(body),
  };
}
