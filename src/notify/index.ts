/**
 * Notices by e-mail: texts per language in the shared message catalogue (an
 * administrator may override them with files), and an outbox table that
 * queues each message with the event that caused it and sends it later over
 * SMTP (nodemailer) with retries and backoff, never twice.
 */
export {
  createOutboxService,
  type OutboxService,
  type OutboxDeps,
  type OutboxOutcome,
  type OutcomeRecorder,
} from './outbox-service.js';
export type { MailAttachment, OutgoingMessage } from './outbox-store.js';
export { createSmtpMailer, classifyFailure, type Mailer, type MailToSend } from './smtp-mailer.js';
export { loadTemplateCatalog, noticePlaceholders, type TemplateCatalog } from './template-catalog.js';
export { parseTemplate, fillTemplate, type Template } from './render-template.js';
