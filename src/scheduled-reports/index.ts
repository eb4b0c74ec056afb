/**
 * Scheduled reports (user guide §2.3 "Schedule"): a built-in or saved report
 * with its filters, mailed on a recurrence as Excel, PDF or CSV, with a
 * subject and body whose placeholders ([[FILTER]], [[PERIOD]], [[ROWS]]…) are
 * filled in each recipient's language; run in the owner's scope, skipped when
 * empty if asked. Runs on the scheduler as kind 'report'.
 */
export {
  createScheduledReportService,
  SCHEDULED_REPORT_KIND,
  type ScheduledReport,
  type ScheduledReportInput,
  type ScheduledReportService,
  type ScheduledReportServiceDeps,
} from './scheduled-report-service.js';
export { attachmentFormats, type AttachmentFormat } from './scheduled-report-payload.js';
export { reportMailPlaceholders } from './render-report-mail.js';
