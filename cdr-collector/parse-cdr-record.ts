import { createTextCache, type CsvRecordView, type TextCache } from './csv-tokenizer.js';
import { cdrFieldNames, type CdrColumn, type ColumnIndex } from './cucm-columns.js';
import { createIpv4TextCache, isUnspecifiedAddress } from './cucm-conversions.js';
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

/** Where a column sits in this file's lines, its CUCM name (for reject reasons) and its text cache, if any. */
interface Column {
  at: number;
  name: string;
  cache: TextCache | null;
}

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
 * Called numbers share one cache: a call never redirected has the same number in its original and final called
 * fields (and often as its last redirecting number), so the second field's text is the first one's string, and the
 * extensions called often come back across calls. External numbers mostly miss: the cache then costs a hash.
 */
const CALLED_NUMBERS: readonly CdrColumn[] = [
  'finalCalledNumber',
  'originalCalledNumber',
  'lastRedirectDn',
  'outpulsedCalledNumber',
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
  let bad: string | null = null;
  const calledNumbers = createTextCache(4096);
  const caches = new Map<CdrColumn, TextCache>([
    ...REPEATING.map((k): [CdrColumn, TextCache] => [k, createTextCache(k === 'clusterId' ? 16 : 4096)]),
    ...CALLED_NUMBERS.map((k): [CdrColumn, TextCache] => [k, calledNumbers]),
  ]);
  // Each column looked up once, into objects of one shape: the per-line code reads `K.x.at`, never `columns[key]`.
  const K = Object.fromEntries(
    (Object.keys(cdrFieldNames) as CdrColumn[]).map((key) => [
      key,
      { at: columns[key], name: cdrFieldNames[key], cache: caches.get(key) ?? null } satisfies Column,
    ]),
  ) as Record<CdrColumn, Column>;

  const need = (r: CsvRecordView, k: Column): number => {
    const v = r.int(k.at);
    if (Number.isNaN(v)) bad ??= `${k.name} is not a number: "${printable(r.text(k.at).slice(0, 40))}"`;
    return v;
  };
  /** Optional counters: an absent column or an empty field reads 0. */
  const opt = (r: CsvRecordView, k: Column): number => {
    const i = k.at;
    if (i < 0 || r.isEmpty(i)) return 0;
    const v = r.int(i);
    if (Number.isNaN(v)) {
      bad ??= `${k.name} is not a number: "${printable(r.text(i).slice(0, 40))}"`;
      return 0;
    }
    return v;
  };
  const str = (r: CsvRecordView, k: Column): string => {
    const i = k.at;
    if (i < 0 || r.isEmpty(i)) return '';
    return k.cache ? r.cachedText(i, k.cache) : r.text(i);
  };
  const epoch = (r: CsvRecordView, k: Column, zeroAllowed: boolean): number => {
    const v = r.int(k.at);
    if (Number.isNaN(v)) {
      bad ??= `${k.name} is not a date (UTC epoch seconds): "${printable(r.text(k.at).slice(0, 40))}"`;
      return 0;
    }
    if ((v === 0 && zeroAllowed) || (v >= MIN_EPOCH && v <= MAX_EPOCH)) return v;
    bad ??= `${k.name} is not a date: ${v}`;
    return 0;
  };
  // The text column (origIpv4v6Addr) unless it names no host: CUCM writes "::" there with a real IPv4 in the
  // integer column (origIpAddr). The integer is read only then, as before. With neither real, the text as written.
  const ipv4Text = createIpv4TextCache();
  const ip = (r: CsvRecordView, text: Column, int: Column): string => {
    const t = str(r, text);
    if (!isUnspecifiedAddress(t)) return t;
    const v4 = ipv4Text(opt(r, int));
    return v4 !== '' ? v4 : t;
  };

  const reused = emptyCallRecord();
  const answer: ParsedCdr = { outcome: 'record', record: reused };
  return (r) => {
    if (r.problem) return { outcome: 'rejected', reason: `malformed CSV: ${r.problem}` };
    if (r.fieldCount !== fieldCount)
      return { outcome: 'rejected', reason: `wrong field count: ${r.fieldCount}, the header has ${fieldCount}` };
    bad = null;
    const type = need(r, K.recordType);
    if (bad) return { outcome: 'rejected', reason: bad };
    if (type !== 1)
      return { outcome: 'skipped', reason: type === 0 ? 'start record (cdrRecordType 0)' : `cdrRecordType ${type}` };
    const connected = epoch(r, K.connectedAt, true);
    const record = reused;
    record.clusterId = str(r, K.clusterId) || fallbackClusterId;
    record.globalCallManagerId = need(r, K.globalCallManagerId);
    record.globalCallId = need(r, K.globalCallId);
    record.origLegId = need(r, K.origLegId);
    record.destLegId = need(r, K.destLegId);
    record.startedAt = epoch(r, K.startedAt, false);
    record.connectedAt = connected === 0 ? null : connected;
    record.endedAt = epoch(r, K.endedAt, true);
    record.durationSeconds = need(r, K.duration);
    record.callingNumber = str(r, K.callingNumber);
    record.callingPartition = str(r, K.callingPartition);
    record.originalCalledNumber = str(r, K.originalCalledNumber);
    record.originalCalledPartition = str(r, K.originalCalledPartition);
    record.finalCalledNumber = str(r, K.finalCalledNumber);
    record.finalCalledPartition = str(r, K.finalCalledPartition);
    record.lastRedirectDn = str(r, K.lastRedirectDn);
    record.lastRedirectDnPartition = str(r, K.lastRedirectDnPartition);
    record.outpulsedCallingNumber = str(r, K.outpulsedCallingNumber);
    record.outpulsedCalledNumber = str(r, K.outpulsedCalledNumber);
    record.origDevice = str(r, K.origDevice);
    record.destDevice = str(r, K.destDevice);
    record.origCause = opt(r, K.origCause);
    record.destCause = opt(r, K.destCause);
    record.origRedirectReason = opt(r, K.origRedirectReason);
    record.lastRedirectReason = opt(r, K.lastRedirectReason);
    record.origRedirectOnBehalfOf = opt(r, K.origRedirectOnBehalfOf);
    record.lastRedirectOnBehalfOf = opt(r, K.lastRedirectOnBehalfOf);
    record.joinOnBehalfOf = opt(r, K.joinOnBehalfOf);
    record.huntPilotDn = str(r, K.huntPilotDn);
    record.huntPilotPartition = str(r, K.huntPilotPartition);
    record.authCodeDescription = str(r, K.authCodeDescription);
    record.authorizationLevel = opt(r, K.authorizationLevel);
    record.clientMatterCode = str(r, K.clientMatterCode);
    record.origIp = ip(r, K.origIpText, K.origIpInt);
    record.destIp = ip(r, K.destIpText, K.destIpInt);
    record.comment = str(r, K.comment);
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
