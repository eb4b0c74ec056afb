import type { CdrFileKind } from '../src/store/index.js';
import type { BatchBuilder } from './batch-builder.js';
import type { CsvRecordView } from './csv-tokenizer.js';
import { checkTypesLine, readCucmHeader } from './cucm-columns.js';
import { createCdrRecordReader, type CallRecord, type ParsedCdr } from './parse-cdr-record.js';
import { createCmrRecordReader, type LegQualityRecord, type ParsedCmr } from './parse-cmr-record.js';

export interface RejectLimits {
  /** Share of a file's records rejected beyond which the file is quarantined. */
  quarantineShare: number;
  /** Records read before the share is judged (a few bad lines of a small file are only rejects). */
  quarantineMinRecords: number;
  /** Rejected lines kept verbatim per file; further ones are only counted. */
  maxStoredPerFile: number;
}

export const DEFAULT_REJECT_LIMITS: RejectLimits = {
  quarantineShare: 0.5,
  quarantineMinRecords: 1000,
  maxStoredPerFile: 1000,
};

export interface RecordRouterOptions {
  rows: BatchBuilder;
  batchSize: number;
  /** The cluster id for records that carry none. */
  clusterId: string;
  /** Lines an earlier run committed: read past, not stored again. */
  resumeAfter: number;
  /** What the earlier run counted, so the reject share is judged over the whole file. */
  earlier: { records: number; rejects: number };
  limits: RejectLimits;
}

/** Where a file's reading stands after the records routed so far. */
export interface RecordRouterState {
  kind: CdrFileKind;
  /** Records seen, header and field-types lines included. */
  seen: number;
  /** Data records read by this run. */
  records: number;
  /** The last physical line of a data record read. */
  lastLine: number;
  /** Why the file is not a CUCM file (it is quarantined whole), or null. */
  refused: string | null;
  /** Set once the file is mostly rejects: it stops here, quarantined. */
  tooManyRejects: string | null;
  /** Remarks for the ledger (e.g. no field-types line). */
  notes: string;
  /** The rejects verdict over the whole file so far (null: not too many). */
  judgeRejects(): string | null;
}

const NUL = /\u0000/g;

/**
 * Routes each record of a CUCM file: line 1 is the header (it says CDR or CMR, or refuses the file), line 2 the
 * field types, lines an earlier run committed are passed over, and every other record is parsed into a call, a
 * leg quality, a skip or a reject in the batch being built. `onRecord` returns false once the batch is full (the
 * reader pauses so it commits first) or the file is refused.
 */
export function createRecordRouter(options: RecordRouterOptions): {
  onRecord(r: CsvRecordView): boolean;
  state: RecordRouterState;
} {
  const { rows, limits, resumeAfter } = options;
  let headerFields = 0;
  let readCdr: ((r: CsvRecordView) => ParsedCdr) | null = null;
  let readCmr: ((r: CsvRecordView) => ParsedCmr) | null = null;
  let fileRecords = options.earlier.records;
  let fileRejects = options.earlier.rejects;
  const state: RecordRouterState = {
    kind: 'unknown',
    seen: 0,
    records: 0,
    lastLine: resumeAfter,
    refused: null,
    tooManyRejects: null,
    notes: '',
    judgeRejects() {
      if (fileRecords < limits.quarantineMinRecords || fileRejects <= limits.quarantineShare * fileRecords) return null;
      return (
        `${fileRejects} of ${fileRecords} records rejected (more than ` +
        `${Math.round(limits.quarantineShare * 100)}%), quarantined at line ${state.lastLine}`
      );
    },
  };

  const readHeader = (r: CsvRecordView): boolean => {
    const header = readCucmHeader(r);
    if (header.kind === 'unknown') {
      state.refused = header.reason;
      return false;
    }
    state.kind = header.kind;
    headerFields = header.names.length;
    if (header.kind === 'cdr') readCdr = createCdrRecordReader(header.columns, headerFields, options.clusterId);
    else readCmr = createCmrRecordReader(header.columns, headerFields, options.clusterId);
    return true;
  };

  const reject = (r: CsvRecordView, reason: string): boolean => {
    fileRejects++;
    if (fileRejects > limits.maxStoredPerFile) rows.rejectUnkept();
    else rows.reject({ lineNo: r.line, reason, raw: r.raw().replace(NUL, '\uFFFD') });
    return (state.tooManyRejects = state.judgeRejects()) === null;
  };

  const onRecord = (r: CsvRecordView): boolean => {
    if (state.refused || state.tooManyRejects) return false;
    state.seen++;
    if (state.seen === 1) return readHeader(r);
    if (state.seen === 2) {
      const verdict = checkTypesLine(r, headerFields);
      if (verdict.kind === 'bad') {
        state.refused = verdict.reason;
        return false;
      }
      if (verdict.kind === 'types') return true;
      state.notes = 'no field-types line: line 2 read as data';
    }
    if (r.line <= resumeAfter) return true;
    state.lastLine = r.line;
    state.records++;
    fileRecords++;
    const parsed = readCdr ? readCdr(r) : (readCmr as (r: CsvRecordView) => ParsedCmr)(r);
    if (parsed.outcome === 'rejected') {
      if (!reject(r, parsed.reason)) return false;
    } else if (parsed.outcome === 'skipped') rows.skip();
    else if (readCdr) rows.addCall(parsed.record as CallRecord);
    else rows.addQuality(parsed.record as LegQualityRecord);
    return rows.size < options.batchSize;
  };
  return { onRecord, state };
}
