import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { DirectoryReadModel } from '../directory/index.js';
import { isLanguage, type Language } from '../i18n/index.js';
import type { MailAttachment, OutgoingMessage, OutboxService } from '../notify/index.js';
import {
  buildReportTable,
  isoLocal,
  builtinReportTitle,
  parseReportOptions,
  reportFormatTypes,
  writeReport,
  type ReportService,
  type ReportTable,
  type SavedReportService,
} from '../reports/index.js';
import type { RunOutcome, ScheduledRun } from '../scheduler/index.js';
import type { Viewer } from '../viewer/index.js';
import { renderReportMail } from './render-report-mail.js';
import { scheduledReportPayloadSchema, type ScheduledReportPayload } from './scheduled-report-payload.js';

export interface ReportRunDeps {
  dataSource: DataSource;
  /** The report engine with its clock at `now`: a run's relative period ("yesterday") is taken from its slot. */
  reportsAt(now: Date): ReportService;
  saved: SavedReportService;
  outbox: OutboxService;
  directory: Pick<DirectoryReadModel, 'snapshot'>;
  /** The owner as the web would see them now (role, departments, language), or null when they no longer exist. */
  resolveOwner(username: string): Promise<Viewer | null>;
  defaultLanguage: Language;
  pdfFontFile?: string;
}

/**
 * One run of a scheduled report: the report runs in its OWNER's scope (not
 * the recipients'), for the run's slot; each recipient gets one e-mail in
 * their language, with the file, its title, headings and filter in that
 * language too (the report is rendered once per language among the
 * recipients). The messages are queued in one transaction with keys derived
 * from the run's slot, so a run retried after a crash queues nothing new, and
 * the outbox sends each once.
 */
export function createReportRunner(deps: ReportRunDeps): (run: ScheduledRun) => Promise<RunOutcome> {
  return async (run) => {
    const payload = scheduledReportPayloadSchema.parse(run.schedule.payload);
    const owner = await deps.resolveOwner(run.schedule.owner);
    if (!owner) throw new Error(`the owner ${run.schedule.owner} no longer exists`);
    const report = await deps.saved.find(payload.report, owner);
    const options = parseReportOptions({ ...report.options, ...payload.filters });
    const languages = await recipientLanguages(payload.recipients, owner);
    const reports = deps.reportsAt(run.slotAt);
    const messages: OutgoingMessage[] = [];
    let rows = 0;
    for (const [lang, recipients] of byLanguage(languages)) {
      // A built-in report's own title is said in each language; a title the owner wrote is theirs.
      const builtinTitle =
        report.visibility === 'builtin' && options.title === report.options.title
          ? builtinReportTitle(report.name, lang)
          : undefined;
      const title = payload.title || builtinTitle || options.title || report.name;
      // The owner's scope, in the recipients' language.
      const table = await buildReportTable(reports, options, { ...owner, language: lang }, title);
      const rendered = await render(table, payload, deps.pdfFontFile);
      if (rendered.calls === 0 && payload.skipEmpty)
        return { result: 'empty', message: 'the report is empty: nothing sent' };
      rows = rendered.rows;
      const attachment: MailAttachment = {
        filename:
          `${fileStem(title)}-${isoLocal(run.slotAt.getTime() / 1000, table.timeZone).slice(0, 10)}.` +
          `${reportFormatTypes[payload.format].extension}`,
        contentType: reportFormatTypes[payload.format].contentType,
        content: rendered.bytes,
      };
      const facts = {
        report: title,
        description: run.schedule.description,
        filter: table.filter,
        period: table.period ?? null,
        timeZone: table.timeZone,
        rows: rendered.rows,
      };
      for (const recipient of recipients)
        messages.push({
          ...renderReportMail(payload, facts, lang),
          dedupeKey: `${run.dedupeKey}:${recipient}`.slice(0, 255),
          recipient,
          origin: 'scheduled-report',
          context: { scheduleId: run.schedule.id, runId: run.runId, slot: run.slotAt.toISOString() },
          attachments: [attachment],
        });
    }
    const queued = await deps.dataSource.transaction((m) => deps.outbox.enqueue(m, messages));
    deps.outbox.kick();
    return {
      result: 'sent',
      message:
        `${rows} rows, ${payload.format} to ${payload.recipients.length} ` +
        `recipient(s)${queued.length < messages.length ? ' (some queued before)' : ''}`,
    };
  };

  async function recipientLanguages(recipients: string[], owner: Viewer): Promise<Map<string, Language>> {
    const byEmail = new Map<string, Language>();
    for (const user of (await deps.directory.snapshot()).users) {
      const address = user.email.trim().toLowerCase();
      if (address && recipients.includes(address) && isLanguage(user.language)) byEmail.set(address, user.language);
    }
    // The recipient's own language when they are a directory user, else the owner's, else the default.
    const fallback = isLanguage(owner.language) ? owner.language : deps.defaultLanguage;
    return new Map(recipients.map((r) => [r, byEmail.get(r) ?? fallback]));
  }
}

/** The recipients of each language, in the order they are listed. */
function byLanguage(languages: Map<string, Language>): Map<Language, string[]> {
  const out = new Map<Language, string[]>();
  for (const [recipient, lang] of languages) out.set(lang, [...(out.get(lang) ?? []), recipient]);
  return out;
}

/** Renders the table to bytes, counting its rows and (over the totals) its calls: an empty report has no call. */
async function render(
  table: ReportTable,
  payload: ScheduledReportPayload,
  fontFile?: string,
): Promise<{ bytes: Buffer; rows: number; calls: number }> {
  let rows = 0;
  const source = table.rows;
  const counted: ReportTable = {
    ...table,
    rows: (async function* () {
      for await (const row of source) {
        rows++;
        yield row;
      }
    })(),
  };
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeReport(counted, payload.format, out, { fontFile: fontFile || undefined });
  out.end();
  const totals = counted.trailer().totals;
  const calls =
    totals.length > 0 && totals.some((t) => typeof t.calls === 'number')
      ? totals.reduce((n, t) => n + Number(t.calls ?? 0), 0)
      : rows;
  return { bytes: Buffer.concat(chunks), rows, calls };
}

function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return stem.slice(0, 60) || 'report';
}
