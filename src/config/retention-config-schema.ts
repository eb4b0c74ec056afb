import { z } from 'zod';

const days = (fallback: number, what: string) =>
  z
    .number()
    .int()
    .min(0)
    .max(36_500)
    .default(fallback)
    .describe(`Days ${what} are kept; older ones are deleted. 0 keeps them for ever.`);

/** The fewest days a sent mail is kept (retention.mail): a month, the longest budget period, and a day. */
const MAIL_MIN_DAYS = 32;

export const retentionConfigSchema = z
  .object({
    calls: days(0, 'stored calls (with their voice quality)'),
    curriDecisions: days(90, 'CURRI decisions (one row per call attempt CUCM asked about)'),
    cdrRejects: days(180, 'rejected CDR lines'),
    cdrLedger: days(
      0,
      "the CDR files ledger's rows (a file delivered again after its row is gone stores no call " +
        'twice: calls have a natural key)',
    ),
    audit: days(0, 'audit log entries'),
    alarmHistory: days(365, "alarms' runs (the history of each alarm: when it ran, what it found and whom it told)"),
    reportHistory: days(
      365,
      "reports' runs (each portal user's report history, and the runs of scheduled reports and alarms, " +
        'once finished)',
    ),
    mail: z
      .number()
      .int()
      .min(0)
      .max(36_500)
      .refine((d) => d === 0 || d >= MAIL_MIN_DAYS, {
        message: `must be 0 (kept for ever) or at least ${MAIL_MIN_DAYS} days`,
      })
      .default(365)
      .describe(
        'Days e-mails the outbox sent or gave up on (budget notices, alarms, scheduled reports: recipient, ' +
          'subject, text and HTML) are kept; older ones are deleted, mails still queued never. 0 keeps them ' +
          `for ever; at least ${MAIL_MIN_DAYS} otherwise: a mail's row is what stops it being queued again, ` +
          'and a budget period lasts up to a month.',
      ),
    batchSize: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      .default(500)
      .describe(
        'Rows one delete removes: each is a short transaction of its own, so CURRI and the ingest never wait long.',
      ),
    pauseMs: z.number().int().min(0).max(60_000).default(50).describe('Pause between two deletes of a purge, ms.'),
    everyMinutes: z
      .number()
      .int()
      .min(1)
      .max(10_080)
      .default(60)
      .describe('Minutes between purges (the first runs a minute after start).'),
  })
  .prefault({});
