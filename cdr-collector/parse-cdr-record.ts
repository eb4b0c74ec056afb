import { createTextCache, type CsvRecordView, type TextCache } from './csv-tokenizer.js';
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

/** Columns whose values repeat from call to call: read through a cache of their strings (see TextCache). */
const REPEATING: readonly CdrColumn[] = [
  'clusterId',
  'callingNumber',
  'callingPartition',
  'originalCalledPartition',
  'finalCalledPartition',
  'lastRedirectDnPartition',
  'origDevice',
  'destDevice',
  'huntPilotDn',
  'authCodeDescription',
  'origIpText',
  'destIpText',
];

/**
 * Builds the reader for one file's header: it turns a tokenized line into a
 * CallRecord, or says why the line is rejected (wrong field count, a number or
 * date that does not parse). `fallbackClusterId` comes from the file name, for
 * releases whose records leave globalCallId_ClusterID empty.
 *
 * The record it answers is ONE object, filled anew for each line: it is valid
 * until the next line is read (copy it to keep it). Only the columns Tollgate
 * keeps are decoded, numbers straight from the bytes, and the texts of the
 * columns that repeat (devices, partitions, cluster id) come from a bounded
 * cache, so a line allocates little beyond the strings that are new.
 */
export function createCdrRecordReader(
  columns: ColumnIndex<CdrColumn>,
  fieldCount: number,
  fallbackClusterId: string,
): (line: CsvRecordView) => ParsedCdr {
  const c = columns;
  let bad: string | null = null;
  const caches = new Map<CdrColumn, TextCache>(
    REPEATING.map((k) => [k, createTextCache(k === 'clusterId' ? 16 : 4096)]),
  );
  const cacheOf = Object.fromEntries(Object.keys(c).map((k) => [k, caches.get(k as CdrColumn) ?? null])) as Record<
    CdrColumn,
    TextCache | null
  >;

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
    if (i < 0 || r.isEmpty(i)) return '';
    const cache = cacheOf[key];
    return cache ? r.cachedText(i, cache) : r.text(i);
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

  const reused = emptyCallRecord();
  const answer: ParsedCdr = { outcome: 'record', record: reused };
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
    const record = reused;
    record.clusterId = str(r, 'clusterId') || fallbackClusterId;
    record.globalCallManagerId = need(r, 'globalCallManagerId');
    record.globalCallId = need(r, 'globalCallId');
    record.origLegId = need(r, 'origLegId');
    record.destLegId = need(r, 'destLegId');
    record.startedAt = epoch(r, 'startedAt', false);
    record.connectedAt = connected === 0 ? null : connected;
    record.endedAt = epoch(r, 'endedAt', true);
    record.durationSeconds = need(r, 'duration');
    record.callingNumber = str(r, 'callingNumber');
    record.callingPartition = str(r, 'callingPartition');
    record.originalCalledNumber = str(r, 'originalCalledNumber');
    record.originalCalledPartition = str(r, 'originalCalledPartition');
    record.finalCalledNumber = str(r, 'finalCalledNumber');
    record.finalCalledPartition = str(r, 'finalCalledPartition');
    record.lastRedirectDn = str(r, 'lastRedirectDn');
    record.lastRedirectDnPartition = str(r, 'lastRedirectDnPartition');
    record.outpulsedCallingNumber = str(r, 'outpulsedCallingNumber');
    record.outpulsedCalledNumber = str(r, 'outpulsedCalledNumber');
    record.origDevice = str(r, 'origDevice');
    record.destDevice = str(r, 'destDevice');
    record.origCause = opt(r, 'origCause');
    record.destCause = opt(r, 'destCause');
    record.origRedirectReason = opt(r, 'origRedirectReason');
    record.lastRedirectReason = opt(r, 'lastRedirectReason');
    record.origRedirectOnBehalfOf = opt(r, 'origRedirectOnBehalfOf');
    record.lastRedirectOnBehalfOf = opt(r, 'lastRedirectOnBehalfOf');
    record.joinOnBehalfOf = opt(r, 'joinOnBehalfOf');
    record.huntPilotDn = str(r, 'huntPilotDn');
    record.huntPilotPartition = str(r, 'huntPilotPartition');
    record.authCodeDescription = str(r, 'authCodeDescription');
    record.authorizationLevel = opt(r, 'authorizationLevel');
    record.clientMatterCode = str(r, 'clientMatterCode');
    record.origIp = ip(r, 'origIpText', 'origIpInt');
    record.destIp = ip(r, 'destIpText', 'destIpInt');
    record.comment = str(r, 'comment');
    if (bad) return { outcome: 'rejected', reason: bad };
    if (record.durationSeconds < 0)
      return { outcome: 'rejected', reason: `duration is negative: ${record.durationSeconds}` };
    return answer;
  };
}

/** A CallRecord of empty texts and zeros, every field present (one shape for the reader's reused record). */
export function emptyCallRecord(): CallRecord {
  return {
    clusterId: '',
    globalCallManagerId: 0,
    globalCallId: 0,
    origLegId: 0,
    destLegId: 0,
    startedAt: 0,
    connectedAt: null,
    endedAt: 0,
    durationSeconds: 0,
    callingNumber: '',
    callingPartition: '',
    originalCalledNumber: '',
    originalCalledPartition: '',
    finalCalledNumber: '',
    finalCalledPartition: '',
    lastRedirectDn: '',
    lastRedirectDnPartition: '',
    outpulsedCallingNumber: '',
    outpulsedCalledNumber: '',
    origDevice: '',
    destDevice: '',
    origCause: 0,
    destCause: 0,
    origRedirectReason: 0,
    lastRedirectReason: 0,
    origRedirectOnBehalfOf: 0,
    lastRedirectOnBehalfOf: 0,
    joinOnBehalfOf: 0,
    huntPilotDn: '',
    huntPilotPartition: '',
    authCodeDescription: '',
    authorizationLevel: 0,
    clientMatterCode: '',
    origIp: '',
    destIp: '',
    comment: '',
  };
}
