import type { CallQualityRow } from '../src/store/index.js';
import type { CsvRecordView } from './csv-tokenizer.js';
import { cmrFieldNames, type CmrColumn, type ColumnIndex } from './cucm-columns.js';
import { parseVqMetrics } from './cucm-conversions.js';
import { printable } from '../src/logging/index.js';

/** Voice quality one endpoint measured on one call leg (a CUCM CMR): the stored row before it has an id and a file. */
export type LegQualityRecord = Omit<CallQualityRow, 'id' | 'fileId'>;

export type ParsedCmr =
  | { outcome: 'record'; record: LegQualityRecord }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'rejected'; reason: string };

/** Builds the reader for one CMR file's header; CMR counters left empty read 0 (SIP trunk CMRs leave many empty). */
export function createCmrRecordReader(
  columns: ColumnIndex<CmrColumn>,
  fieldCount: number,
  fallbackClusterId: string,
): (line: CsvRecordView) => ParsedCmr {
  const c = columns;
  let bad: string | null = null;
  const num = (r: CsvRecordView, key: CmrColumn, required: boolean): number => {
    const i = c[key];
    if (i < 0 || r.isEmpty(i)) {
      if (required) bad ??= `${cmrFieldNames[key]} is empty`;
      return 0;
    }
    const v = r.int(i);
    if (Number.isNaN(v)) {
      bad ??= `${cmrFieldNames[key]} is not a number: "${printable(r.text(i).slice(0, 40))}"`;
      return 0;
    }
    // RTCP's cumulative loss can go negative with duplicated packets: no loss.
    return Math.max(0, v);
  };
  const str = (r: CsvRecordView, key: CmrColumn): string => {
    const i = c[key];
    return i < 0 || r.isEmpty(i) ? '' : r.text(i).trim();
  };

  return (r) => {
    if (r.problem) return { outcome: 'rejected', reason: `malformed CSV: ${r.problem}` };
    if (r.fieldCount !== fieldCount)
      return { outcome: 'rejected', reason: `wrong field count: ${r.fieldCount}, the header has ${fieldCount}` };
    bad = null;
    const type = num(r, 'recordType', true);
    if (bad) return { outcome: 'rejected', reason: bad };
    if (type !== 2) return { outcome: 'skipped', reason: `cdrRecordType ${type} in a CMR file` };
    const metrics = parseVqMetrics(str(r, 'vqMetrics'));
    const record: LegQualityRecord = {
      clusterId: str(r, 'clusterId') || fallbackClusterId,
      globalCallManagerId: num(r, 'globalCallManagerId', true),
      globalCallId: num(r, 'globalCallId', true),
      legId: num(r, 'legId', true),
      pkid: str(r, 'pkid'),
      recordedAt: num(r, 'recordedAt', false),
      directoryNumber: str(r, 'directoryNumber'),
      deviceName: str(r, 'deviceName'),
      packetsSent: num(r, 'packetsSent', false),
      packetsReceived: num(r, 'packetsReceived', false),
      packetsLost: num(r, 'packetsLost', false),
      jitterMs: num(r, 'jitter', false),
      latencyMs: num(r, 'latency', false),
      mos: metrics.mosAverage,
    };
    if (bad) return { outcome: 'rejected', reason: bad };
    return { outcome: 'record', record };
  };
}
