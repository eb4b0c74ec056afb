import { emptyCallRecord, type CallRecord } from '../parse-cdr-record.js';

/** An answered one-minute CDR of cluster C with every text empty: tests spread it and set what they are about. */
export function blankCallRecord(values: Partial<CallRecord>): CallRecord {
  return {
    ...emptyCallRecord(),
    clusterId: 'C',
    globalCallManagerId: 1,
    globalCallId: 1,
    origLegId: 1,
    destLegId: 2,
    startedAt: 1795428000,
    connectedAt: 1795428005,
    endedAt: 1795428065,
    durationSeconds: 60,
    origCause: 16,
    ...values,
  };
}
