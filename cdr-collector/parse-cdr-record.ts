import type { CsvRecordView } from './csv-tokenizer.js';
import { cdrFieldNames, type CdrColumn, type ColumnIndex } from './cucm-columns.js';
import { isUnspecifiedAddress, signedIntToIpv4 } from './cucm-conversions.js';
import { printable } from '../src/logging/index.js';

/** One end-of-call CDR in Tollgate's terms. Instants are UTC epoch seconds. */
export interface CallRecord {
  clusterId: string;
  globalCallManagerId: number;
  globalCallId: number;
  origLegId: number;
  destLegId: number;
  startedAt: number;
  /** Null when the call was never connected (CUCM writes 0). */
  connectedAt: number | null;
  endedAt: number;
  durationSeconds: number;
  callingNumber: string;
  callingPartition: string;
  originalCalledNumber: string;
  originalCalledPartition: string;
  finalCalledNumber: string;
  finalCalledPartition: string;
  lastRedirectDn: string;
  lastRedirectDnPartition: string;
  outpulsedCallingNumber: string;
  outpulsedCalledNumber: string;
  origDevice: string;
  destDevice: string;
  origCause: number;
  destCause: number;
  origRedirectReason: number;
  lastRedirectReason: number;
  origRedirectOnBehalfOf: number;
  lastRedirectOnBehalfOf: number;
  joinOnBehalfOf: number;
  huntPilotDn: string;
  huntPilotPartition: string;
  authCodeDescription: string;
  authorizationLevel: number;
  clientMatterCode: string;
  origIp: string;
  destIp: string;
  comment: string;
}

export type ParsedCdr =
  | { outcome: 'record'; record: CallRecord }
  /** A record Tollgate does not account (cdrRecordType 0, start records). */
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'rejected'; reason: string };

/** The epoch seconds CUCM can plausibly write: 1990 … 2100. */
const MIN_EPOCH = 631152000;
const MAX_EPOCH = 4102444800;

/**
 * Builds the reader for one file's header: it turns a tokenized line into a
 * CallRecord, or says why the line is rejected (wrong field count, a number or
 * date that does not parse). `fallbackClusterId` comes from the file name, for
 * releases whose records leave globalCallId_ClusterID empty.
 */
export function createCdrRecordReader(
  columns: ColumnIndex<CdrColumn>,
  fieldCount: number,
  fallbackClusterId: string,
): (line: CsvRecordView) => ParsedCdr {
  const c = columns;
  let bad: string | null = null;

  const need = (r: CsvRecordView, key: CdrColumn): number => {
    const v = r.int(c[key]);
    if (Number.isNaN(v)) bad ??= `${cdrFieldNames[key]} is not a number: "${printable(r.text(c[key]).slice(0, 40))}"`;
    return v;
  };
  /** Optional counters: an absent column or an empty field reads 0. */
  const opt = (r: CsvRecordView, key: CdrColumn): number => {
    const i = c[key];
    if (i < 0 || r.isEmpty(i)) return 0;
    const v = r.int(i);
    if (Number.isNaN(v)) {
      bad ??= `${cdrFieldNames[key]} is not a number: "${printable(r.text(i).slice(0, 40))}"`;
      return 0;
    }
    return v;
  };
  const str = (r: CsvRecordView, key: CdrColumn): string => {
    const i = c[key];
    return i < 0 || r.isEmpty(i) ? '' : r.text(i);
  };
  const epoch = (r: CsvRecordView, key: CdrColumn, zeroAllowed: boolean): number => {
    const v = r.int(c[key]);
    if (Number.isNaN(v)) {
      bad ??= `${cdrFieldNames[key]} is not a date (UTC epoch seconds): "${printable(r.text(c[key]).slice(0, 40))}"`;
      return 0;
    }
    if ((v === 0 && zeroAllowed) || (v >= MIN_EPOCH && v <= MAX_EPOCH)) return v;
    bad ??= `${cdrFieldNames[key]} is not a date: ${v}`;
    return 0;
  };
  // The text column (origIpv4v6Addr) unless it names no host: CUCM writes "::" there with a real IPv4 in the
  // integer column (origIpAddr). The integer is read only then, as before. With neither real, the text as written.
  const ip = (r: CsvRecordView, text: CdrColumn, int: CdrColumn): string => {
    const t = str(r, text);
    if (!isUnspecifiedAddress(t)) return t;
    const v4 = signedIntToIpv4(opt(r, int));
    return v4 !== '' ? v4 : t;
  };

  return (r) => {
    if (r.problem) return { outcome: 'rejected', reason: `malformed CSV: ${r.problem}` };
    if (r.fieldCount !== fieldCount)
      return { outcome: 'rejected', reason: `wrong field count: ${r.fieldCount}, the header has ${fieldCount}` };
    bad = null;
    const type = need(r, 'recordType');
    if (bad) return { outcome: 'rejected', reason: bad };
    if (type !== 1)
      return { outcome: 'skipped', reason: type === 0 ? 'start record (cdrRecordType 0)' : `cdrRecordType ${type}` };
    const connected = epoch(r, 'connectedAt', true);
    const record: CallRecord = {
      clusterId: str(r, 'clusterId') || fallbackClusterId,
      globalCallManagerId: need(r, 'globalCallManagerId'),
      globalCallId: need(r, 'globalCallId'),
      origLegId: need(r, 'origLegId'),
      destLegId: need(r, 'destLegId'),
      startedAt: epoch(r, 'startedAt', false),
      connectedAt: connected === 0 ? null : connected,
      endedAt: epoch(r, 'endedAt', true),
      durationSeconds: need(r, 'duration'),
      callingNumber: str(r, 'callingNumber'),
      callingPartition: str(r, 'callingPartition'),
      originalCalledNumber: str(r, 'originalCalledNumber'),
      originalCalledPartition: str(r, 'originalCalledPartition'),
      finalCalledNumber: str(r, 'finalCalledNumber'),
      finalCalledPartition: str(r, 'finalCalledPartition'),
      lastRedirectDn: str(r, 'lastRedirectDn'),
      lastRedirectDnPartition: str(r, 'lastRedirectDnPartition'),
      outpulsedCallingNumber: str(r, 'outpulsedCallingNumber'),
      outpulsedCalledNumber: str(r, 'outpulsedCalledNumber'),
      origDevice: str(r, 'origDevice'),
      destDevice: str(r, 'destDevice'),
      origCause: opt(r, 'origCause'),
      destCause: opt(r, 'destCause'),
      origRedirectReason: opt(r, 'origRedirectReason'),
      lastRedirectReason: opt(r, 'lastRedirectReason'),
      origRedirectOnBehalfOf: opt(r, 'origRedirectOnBehalfOf'),
      lastRedirectOnBehalfOf: opt(r, 'lastRedirectOnBehalfOf'),
      joinOnBehalfOf: opt(r, 'joinOnBehalfOf'),
      huntPilotDn: str(r, 'huntPilotDn'),
      huntPilotPartition: str(r, 'huntPilotPartition'),
      authCodeDescription: str(r, 'authCodeDescription'),
      authorizationLevel: opt(r, 'authorizationLevel'),
      clientMatterCode: str(r, 'clientMatterCode'),
      origIp: ip(r, 'origIpText', 'origIpInt'),
      destIp: ip(r, 'destIpText', 'destIpInt'),
      comment: str(r, 'comment'),
    };
    if (bad) return { outcome: 'rejected', reason: bad };
    if (record.durationSeconds < 0)
      return { outcome: 'rejected', reason: `duration is negative: ${record.durationSeconds}` };
    return { outcome: 'record', record };
  };
}
