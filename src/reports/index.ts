/**
 * Reports: one engine over the rated calls for call lists, grouped summaries
 * and trends, with privacy masking, saved reports and streamed exports
 * (CSV, Excel, PDF). The CLI, SOAP and web all ask it.
 */
export {
  createReportService,
  callListColumns,
  type ReportService,
  type ReportServiceDeps,
  type CallPage,
  type CallStream,
  type SummaryReport,
  type TrendReport,
  type TrendPoint,
  type ReportFrame,
  type DecisionReport,
} from './report-service.js';
export { dataSourceReportDatabase, type ReportDatabase } from './report-database.js';
export { createSqliteReportReader, type SqliteReportReader } from './sqlite-report-reader.js';
export {
  parseReportOptions,
  reportOptionsSchema,
  type ReportOptions,
  type ReportOptionsInput,
  type PageRequest,
  type CallCursor,
} from './report-options-schema.js';
export {
  cliViewer,
  maskCallRow,
  revealsNumbers,
  type ReportViewer,
  type ViewerRole,
  type PrivacySettings,
} from './report-viewer.js';
export { periodPresets, type PeriodPreset } from './resolve-period.js';
export { callFieldNames, defaultCallFields, type CallFieldName } from './call-fields.js';
export { groupKeyNames, type GroupKeyName } from './group-keys.js';
export type { AggregateFigures, GroupFigures } from './fold-aggregates.js';
export {
  CURRENCY_KEY,
  type ReportTable,
  type ReportColumn,
  type WordSet,
  type ReportRow,
  type CellValue,
} from './report-table.js';
export {
  createSavedReportService,
  reservedReportNames,
  type SavedReportService,
  type SavedReport,
  type SaveReportInput,
  type ReportVisibility,
} from './saved-report-service.js';
export { builtinReports, type BuiltinReport } from './builtin-reports.js';
export { builtinReportTitle, reportLanguage } from './report-language.js';
export { buildReportTable, defaultTitle } from './build-report-table.js';
export {
  writeReport,
  loadReportWriters,
  reportFormats,
  reportFormatTypes,
  type ReportFormat,
  type WriteReportOptions,
} from './write-report.js';
export { csvField } from './write-csv-report.js';
export type { PdfOptions } from './write-pdf-report.js';
export { isoLocal, formatDuration as clockDuration, wordOf } from './format-cell.js';
export { decodeCallCursor, encodeCallCursor } from './call-cursor-text.js';
export type { DecisionCount } from './curri-decision-counts.js';
export { parseComparisonText, parseConditionText } from './parse-filter-text.js';
