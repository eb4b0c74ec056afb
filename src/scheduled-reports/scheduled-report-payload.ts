import { z } from 'zod';

export const attachmentFormats = ['xlsx', 'pdf', 'csv'] as const;
export type AttachmentFormat = (typeof attachmentFormats)[number];

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/, 'not an e-mail address');

/**
 * What a scheduled report keeps in its schedule's payload: the report (a
 * built-in or saved report, by name) with its filters, and the e-mail.
 * An empty subject or body means the default text in the recipient's language.
 */
export const scheduledReportPayloadSchema = z
  .object({
    report: z.string().trim().min(1).max(120),
    /** Report options laid over the named report's (filters, period, fields), validated by the reports module. */
    filters: z.record(z.string(), z.unknown()).default({}),
    title: z.string().trim().max(200).default(''),
    subject: z.string().max(300).default(''),
    body: z.string().max(10_000).default(''),
    recipients: z.array(email).min(1, 'give at least one e-mail recipient').max(100),
    format: z.enum(attachmentFormats).default('xlsx'),
    skipEmpty: z.boolean().default(true),
  })
  .strict();

export type ScheduledReportPayload = z.output<typeof scheduledReportPayloadSchema>;
export type ScheduledReportPayloadInput = z.input<typeof scheduledReportPayloadSchema>;
