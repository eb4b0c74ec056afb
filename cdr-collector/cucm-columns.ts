import type { CsvRecordView } from './csv-tokenizer.js';
import { printable } from '../src/logging/index.js';

/**
 * The CUCM flat-file columns Tollgate reads, by our name → CUCM field name
 * (Cisco "CDR Field Descriptions" / "CMR Field Descriptions"). Columns are found
 * by name in line 1, case-insensitively, because the field list differs between
 * CUCM releases (about 129 fields in 11.x, 133 in 12.x–15.x).
 */
export const cdrFieldNames = {
  recordType: 'cdrRecordType',
  globalCallManagerId: 'globalCallID_callManagerId',
  globalCallId: 'globalCallID_callId',
  origLegId: 'origLegCallIdentifier',
  destLegId: 'destLegIdentifier',
  startedAt: 'dateTimeOrigination',
  connectedAt: 'dateTimeConnect',
  endedAt: 'dateTimeDisconnect',
  duration: 'duration',
  callingNumber: 'callingPartyNumber',
  callingPartition: 'callingPartyNumberPartition',
  originalCalledNumber: 'originalCalledPartyNumber',
  originalCalledPartition: 'originalCalledPartyNumberPartition',
  finalCalledNumber: 'finalCalledPartyNumber',
  finalCalledPartition: 'finalCalledPartyNumberPartition',
  lastRedirectDn: 'lastRedirectDn',
  lastRedirectDnPartition: 'lastRedirectDnPartition',
  outpulsedCallingNumber: 'outpulsedCallingPartyNumber',
  outpulsedCalledNumber: 'outpulsedCalledPartyNumber',
  origDevice: 'origDeviceName',
  destDevice: 'destDeviceName',
  origCause: 'origCause_value',
  destCause: 'destCause_value',
  origRedirectReason: 'origCalledPartyRedirectReason',
  lastRedirectReason: 'lastRedirectRedirectReason',
  origRedirectOnBehalfOf: 'origCalledPartyRedirectOnBehalfOf',
  lastRedirectOnBehalfOf: 'lastRedirectRedirectOnBehalfOf',
  joinOnBehalfOf: 'joinOnBehalfOf',
  huntPilotDn: 'huntPilotDN',
  huntPilotPartition: 'huntPilotPartition',
  authCodeDescription: 'authCodeDescription',
  authorizationLevel: 'authorizationLevel',
  clientMatterCode: 'clientMatterCode',
  origIpInt: 'origIpAddr',
  destIpInt: 'destIpAddr',
  origIpText: 'origIpv4v6Addr',
  destIpText: 'destIpv4v6Addr',
  clusterId: 'globalCallId_ClusterID',
  pkid: 'pkid',
  comment: 'comment',
} as const;

export const cmrFieldNames = {
  recordType: 'cdrRecordType',
  globalCallManagerId: 'globalCallID_callManagerId',
  globalCallId: 'globalCallID_callId',
  legId: 'callIdentifier',
  recordedAt: 'dateTimeStamp',
  directoryNumber: 'directoryNum',
  deviceName: 'deviceName',
  packetsSent: 'numberPacketsSent',
  packetsReceived: 'numberPacketsReceived',
  packetsLost: 'numberPacketsLost',
  jitter: 'jitter',
  latency: 'latency',
  vqMetrics: 'varVQMetrics',
  clusterId: 'globalCallId_ClusterID',
  pkid: 'pkid',
} as const;

export type CdrColumn = keyof typeof cdrFieldNames;
export type CmrColumn = keyof typeof cmrFieldNames;

const requiredCdr: CdrColumn[] = [
  'recordType',
  'globalCallManagerId',
  'globalCallId',
  'origLegId',
  'destLegId',
  'startedAt',
  'connectedAt',
  'endedAt',
  'duration',
  'callingNumber',
  'originalCalledNumber',
  'finalCalledNumber',
  'origDevice',
  'destDevice',
];
const requiredCmr: CmrColumn[] = ['recordType', 'globalCallManagerId', 'globalCallId', 'legId'];

/** Column positions by our name; -1 when this CUCM release's file lacks the field. */
export type ColumnIndex<K extends string> = Record<K, number>;

export type CucmHeader =
  | { kind: 'cdr'; columns: ColumnIndex<CdrColumn>; names: string[] }
  | { kind: 'cmr'; columns: ColumnIndex<CmrColumn>; names: string[] }
  | { kind: 'unknown'; reason: string };

/** Reads line 1 of a CUCM flat file: which kind of file it is and where each column we use sits. */
export function readCucmHeader(line1: CsvRecordView): CucmHeader {
  const names: string[] = [];
  for (let i = 0; i < line1.fieldCount; i++) names.push(line1.text(i).trim());
  const position = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (!position.has(key)) position.set(key, i);
  });
  const locate = <K extends string>(fields: Record<K, string>) => {
    const columns = {} as ColumnIndex<K>;
    for (const key of Object.keys(fields) as K[]) columns[key] = position.get(fields[key].toLowerCase()) ?? -1;
    return columns;
  };
  if (line1.problem) return { kind: 'unknown', reason: `line 1 is not a CUCM header (${line1.problem})` };
  if (position.has('origlegcallidentifier')) {
    const columns = locate(cdrFieldNames);
    const missing = requiredCdr.filter((k) => columns[k] < 0).map((k) => cdrFieldNames[k]);
    if (missing.length) return { kind: 'unknown', reason: `CDR header lacks ${missing.join(', ')}` };
    return { kind: 'cdr', columns, names };
  }
  if (position.has('callidentifier')) {
    const columns = locate(cmrFieldNames);
    const missing = requiredCmr.filter((k) => columns[k] < 0).map((k) => cmrFieldNames[k]);
    if (missing.length) return { kind: 'unknown', reason: `CMR header lacks ${missing.join(', ')}` };
    return { kind: 'cmr', columns, names };
  }
  const preview = printable(names.slice(0, 3).join(',').slice(0, 80));
  return { kind: 'unknown', reason: `line 1 is not a CUCM CDR or CMR header (starts "${preview}")` };
}

const TYPE_NAME =
  /^(INTEGER|SMALLINT|BIGINT|TINYINT|BOOLEAN|UNIQUEIDENTIFIER|DATETIME|(N?VAR)?CHAR(\s*\(\s*\d+\s*\))?|TEXT)$/i;

export type TypesLineVerdict = { kind: 'types' } | { kind: 'data' } | { kind: 'bad'; reason: string };

/**
 * Line 2 of a CUCM file lists the field types. It is checked (same number of
 * fields, each a type name) and skipped. Exports that dropped it start with data
 * at line 2: a first field that is not a type name means data.
 */
export function checkTypesLine(line2: CsvRecordView, headerFieldCount: number): TypesLineVerdict {
  const first = line2.text(0).trim();
  if (!/^[A-Za-z]/.test(first)) return { kind: 'data' };
  if (line2.fieldCount !== headerFieldCount) {
    return {
      kind: 'bad',
      reason: `line 2 (field types) has ${line2.fieldCount} fields, the header ${headerFieldCount}`,
    };
  }
  for (let i = 0; i < line2.fieldCount; i++) {
    const t = line2.text(i).trim();
    if (!TYPE_NAME.test(t))
      return { kind: 'bad', reason: `line 2 (field types): "${printable(t.slice(0, 40))}" is not a field type` };
  }
  return { kind: 'types' };
}
