import type { CallDirection } from '../src/events/index.js';
import type { CallRow } from '../src/store/index.js';
import {
  callColumns,
  callDetailFields,
  callDetailZeroAsNull,
  callRowColumns,
  callSameAsOf,
  callStoredRowColumns,
  generatedCallValue,
  packCallDetail,
  storedCallValue,
  type CallColumn,
  type CallColumnValue,
} from '../src/call-layout/index.js';
import type { CallClassification } from './classify-call.js';
import type { CallRecord } from './parse-cdr-record.js';
import type { RatingOutcome } from './call-rater.js';
import type { DetailTextCodes } from './detail-text-codes.js';
import type { JsonbArrayWriter } from './jsonb-array-writer.js';
import type { PackedCallRowsWriter } from './packed-call-rows.js';
import { emptyStoredCallColumns, packStoredCalls, type PackedStoredCalls } from './packed-stored-calls.js';

/**
 * The `calls` columns the collector writes, in the order `writeCallRow` writes a row's values (callColumns): a
 * generated column's stored one in its place (CallColumn.stored: `direction_code` for `direction`).
 */
export const callInsertColumns: readonly string[] = [...callStoredRowColumns.map((c) => c.name), 'detail'];
type CallProperty = CallColumn['property'];

/** A value of a calls row as the collector writes it: a column's, or the detail as JSONB bytes (SQLite). */
export type CallRowValue = CallColumnValue | Uint8Array;
export type CallRowValues = CallRowValue[];

/**
 * Per column, the value the database fills in when an INSERT leaves the column
 * out, or `undefined` when it must be given. Leaving defaults out makes
 * inserts cheaper: binding parameters is most of SQLite's cost per row.
 */
export const callColumnDefaults: ReadonlyArray<CallRowValue | undefined> = [
  ...callStoredRowColumns.map((c) => c.default),
  null,
];

const OWN = callRowColumns.length;
const position = new Map<CallProperty, number>([...callRowColumns, ...callDetailFields].map((c, i) => [c.property, i]));
const limit = [...callRowColumns, ...callDetailFields].map((c) => c.length ?? 0);
if (callColumns.some((c, i) => Boolean(c.packed) !== i >= OWN))
  throw new Error('callColumns lists its own columns before the packed ones');
const at = (column: string) => callInsertColumns.indexOf(column);
export const NATURAL_KEY_POSITIONS = [
  at('cluster_code'),
  at('global_call_manager_id'),
  at('global_call_id'),
  at('orig_leg_id'),
  at('dest_leg_id'),
] as const;

/** The positions every row value is set at (own columns, then the packed ones), looked up once. */
const P = Object.fromEntries([...position].map(([property, i]) => [property, i])) as Record<CallProperty, number>;
const FIELDS = position.size;

/**
 * Writes one `calls` row in callInsertColumns order into `out` (the detail
 * packed last), texts cut to their columns' limits rather than refused by
 * PostgreSQL. Booleans stay booleans (the store adapts them to its driver).
 * `scratch` is a reusable array (createCallRowScratch), so no array is built
 * per call.
 */
export function writeCallRow(
  out: PackedCallRowsWriter,
  scratch: CallColumnValue[],
  call: CallRecord,
  c: CallClassification,
  rating: RatingOutcome | null,
  fileId: number,
  detailCodes?: DetailTextCodes,
  detailAsJsonb?: JsonbArrayWriter,
): void {
  const v = scratch;
  const line = c.owner.line;
  const rated = rating?.rated === true ? rating : null;
  v[P.clusterId] = call.clusterId;
  v[P.globalCallManagerId] = call.globalCallManagerId;
  v[P.globalCallId] = call.globalCallId;
  v[P.origLegId] = call.origLegId;
  v[P.destLegId] = call.destLegId;
  v[P.fileId] = fileId;
  v[P.startedAt] = call.startedAt;
  v[P.connectedAt] = call.connectedAt;
  v[P.endedAt] = call.endedAt;
  v[P.durationSeconds] = call.durationSeconds;
  v[P.direction] = c.direction;
  v[P.answered] = c.answered;
  v[P.ownerExtension] = c.owner.extension;
  v[P.ownerPartition] = c.owner.partition;
  v[P.ownerKnown] = c.owner.known;
  v[P.ownerLineId] = line?.lineId ?? null;
  v[P.ownerUserId] = line?.userId ?? null;
  v[P.departmentId] = line?.departmentId ?? null;
  v[P.costCentreId] = line?.costCentreId ?? null;
  v[P.site] = c.site;
  v[P.callingNumber] = call.callingNumber;
  v[P.outpulsedCalledNumber] = call.outpulsedCalledNumber;
  v[P.dialledNumber] = c.dialledNumber;
  v[P.gateway] = c.gateway ? c.gateway.deviceName : null;
  v[P.carrier] = c.gateway?.carrier ?? null;
  v[P.destinationE164] = rating?.destinationE164 ?? null;
  v[P.nation] = rating?.nation ?? null;
  v[P.destinationType] = rating?.destinationType ?? null;
  v[P.destinationName] = rating?.destinationName || null;
  v[P.costMinor] = rated ? rated.costMinor : null;
  v[P.currency] = rated ? rated.currency : null;
  v[P.tariffPlan] = rated?.plan || null;
  v[P.tariffRow] = rated?.row || null;
  v[P.unratedReason] = rating && !rating.rated ? rating.reason : null;
  v[P.mos] = null;
  v[P.jitterMs] = null;
  v[P.packetLoss] = null;
  v[P.latencyMs] = null;
  v[P.unknownExtension] = c.unknownExtension;
  v[P.callingPartition] = call.callingPartition;
  v[P.originalCalledNumber] = call.originalCalledNumber;
  v[P.originalCalledPartition] = call.originalCalledPartition;
  v[P.finalCalledNumber] = call.finalCalledNumber;
  v[P.finalCalledPartition] = call.finalCalledPartition;
  v[P.lastRedirectDn] = call.lastRedirectDn;
  v[P.lastRedirectDnPartition] = call.lastRedirectDnPartition;
  v[P.outpulsedCallingNumber] = call.outpulsedCallingNumber;
  v[P.origDevice] = call.origDevice;
  v[P.destDevice] = call.destDevice;
  v[P.origCause] = call.origCause;
  v[P.destCause] = call.destCause;
  v[P.origRedirectReason] = call.origRedirectReason;
  v[P.lastRedirectReason] = call.lastRedirectReason;
  v[P.huntPilotDn] = call.huntPilotDn;
  v[P.authCodeDescription] = call.authCodeDescription;
  v[P.authorizationLevel] = call.authorizationLevel;
  v[P.clientMatterCode] = call.clientMatterCode;
  v[P.origIp] = call.origIp;
  v[P.destIp] = call.destIp;
  for (let i = 0; i < OWN; i++) {
    let value = cut(v, i);
    const generated = GENERATED[i];
    // Its stored form (the direction's code, a calling number equal to the owner's extension as null).
    if (generated !== undefined)
      value = storedCallValue(generated.column, value, generated.same < 0 ? null : cut(v, generated.same));
    if (SHARED[i] && (typeof value === 'string' || value === null)) out.putShared(value);
    else out.put(value);
  }
  writeDetail(out, v, detailCodes, detailAsJsonb);
}

/** Own columns whose texts repeat from call to call: written once per batch (PackedCallRowsWriter.putShared). */
const SHARED = callRowColumns.map((c) =>
  (
    [
      'clusterId',
      'direction',
      'ownerPartition',
      'site',
      'gateway',
      'carrier',
      'nation',
      'destinationType',
      'destinationName',
      'currency',
      'tariffPlan',
      'tariffRow',
      'unratedReason',
    ] as CallProperty[]
  ).includes(c.property),
);

/**
 * Per own column that is generated (CallColumn.stored: the direction, the calling number…), the column and the row
 * position of the column its stored NULL stands for (-1: none); undefined for the columns stored as they are.
 */
const GENERATED = callRowColumns.map((column) => {
  if (!column.stored) return undefined;
  const same = callSameAsOf(column);
  return { column, same: same === undefined ? -1 : (position.get(same) as number) };
});

/**
 * Where a store finds column `name` in a row writeCallRow wrote: its position, and for a generated column
 * (CallColumn.stored, found at its stored column's position) how to read its value from the stored one.
 */
export function callRowColumnAt(name: string): {
  at: number;
  read?: (stored: CallRowValue, row: CallRowValues) => CallRowValue;
} {
  const i = callRowColumns.findIndex((c) => c.name === name);
  const column = callRowColumns[i];
  if (!column?.stored) {
    const at = callInsertColumns.indexOf(name);
    if (at < 0) throw new Error(`${name} is not a column the collector writes`);
    return { at };
  }
  const same = GENERATED[i]?.same ?? -1;
  return {
    at: i,
    read: (stored, row) =>
      generatedCallValue(column, stored as CallColumnValue, same < 0 ? null : (row[same] as CallColumnValue)),
  };
}

/**
 * A call's row as writeCallRow writes it (own columns stored as the table keeps them, then the packed detail),
 * from the call's fields: for tests and benchmarks that hand rows to a store without parsing a file.
 */
export function callRowOf(call: Partial<CallRow>): CallRowValues {
  const valueOf = (p: CallProperty) => (call[p] as CallColumnValue | undefined) ?? null;
  return [
    ...callRowColumns.map((c) => {
      const same = callSameAsOf(c);
      return storedCallValue(c, valueOf(c.property) ?? c.default ?? null, same ? valueOf(same) : null);
    }),
    packCallDetail(callDetailFields.map((f) => valueOf(f.property) ?? f.default ?? null)),
  ];
}

/** Value i of the row, a text cut to its column's limit. */
function cut(v: CallColumnValue[], i: number): CallColumnValue {
  const value = v[i] as CallColumnValue;
  if (typeof value !== 'string') return value;
  const max = limit[i] as number;
  return max > 0 && value.length > max ? (v[i] = value.slice(0, max)) : value;
}

/** A reusable array for writeCallRow. */
export function createCallRowScratch(): CallColumnValue[] {
  return new Array<CallColumnValue>(FIELDS).fill(null);
}

/**
 * packCallDetail of scratch[OWN…], the same text, written straight into the packed batch: the detail is a JSON
 * array of the packed fields with trailing defaults left out, or null when all are defaults. A coded field's
 * text (call-columns.ts, packedCode) is written as its code when `codes` knows one, a field equal to the one it is
 * `sameAs` as null, an integer field's 0 as null. With `jsonb`, the same array as SQLite's JSONB bytes (what
 * `jsonb()` makes of that text), for a store that binds them (SQLite).
 */
function writeDetail(
  out: PackedCallRowsWriter,
  v: CallColumnValue[],
  codes: DetailTextCodes | undefined,
  jsonb: JsonbArrayWriter | undefined,
): void {
  let last = FIELDS - 1;
  while (last >= OWN && v[last] === detailDefault[last - OWN]) last--;
  if (last < OWN) return out.put(null);
  if (jsonb) jsonb.begin();
  else {
    out.beginText();
    out.appendRaw('[');
  }
  for (let i = OWN; i <= last; i++) {
    const value = cut(v, i);
    if (!jsonb && i > OWN) out.appendRaw(',');
    const kind = detailKind[i - OWN];
    const same = detailSameAs[i - OWN];
    let element: CallColumnValue;
    // A field equal to the one it stands in for is null, even when its text has a code.
    if (same !== undefined && value !== '' && value === v[same]) element = null;
    else {
      const code = kind && codes && value !== '' ? codes.codeOf(kind, value as string) : undefined;
      element = code !== undefined ? code : value === 0 && callDetailZeroAsNull[i - OWN] ? null : value;
    }
    if (jsonb) jsonb.value(element);
    else appendJsonValue(out, element);
  }
  if (jsonb) {
    const length = jsonb.end();
    out.putBytes(jsonb.bytes, length);
  } else {
    out.appendRaw(']');
    out.endText();
  }
}

/** A detail element into the JSON text being built: the text JSON.stringify would write for it. */
function appendJsonValue(out: PackedCallRowsWriter, value: CallColumnValue): void {
  if (value === null) out.appendRaw('null');
  else if (typeof value === 'string') out.appendJsonString(value);
  else if (typeof value === 'number' && Number.isInteger(value)) out.appendInteger(value);
  else out.appendRaw(JSON.stringify(value));
}
const detailDefault = callDetailFields.map((f) => f.default);
const detailKind = callDetailFields.map((f) => f.coded);
/** Per packed field, the row position of the field its null stands for (CallColumn.sameAs). */
const detailSameAs = callDetailFields.map((f) => (f.sameAs ? position.get(f.sameAs) : undefined));

/**
 * The fields of a stored call's `calls.stored` summary, kept per call of the
 * batch being built as plain columns (the rows themselves leave for the store
 * thread packed): no object per call until the store answered which it stored.
 */
export interface CallSummaryColumns {
  add(v: CallRowValues): void;
  /** The summaries of the calls with a non-zero id (ids in the order calls were added), packed for the daemon. */
  stored(ids: readonly number[]): PackedStoredCalls;
  clear(): void;
}

export function createCallSummaryColumns(): CallSummaryColumns {
  const c = emptyStoredCallColumns();
  return {
    add(v) {
      c.startedAt.push(v[P.startedAt] as number);
      c.direction.push(v[P.direction] as CallDirection);
      c.answered.push(v[P.answered] as boolean);
      c.ownerLineId.push(v[P.ownerLineId] as number | null);
      c.ownerUserId.push(v[P.ownerUserId] as number | null);
      c.departmentId.push(v[P.departmentId] as number | null);
      c.costCentreId.push(v[P.costCentreId] as number | null);
      c.destinationType.push(v[P.destinationType] as string | null);
      c.costMinor.push(v[P.costMinor] as number | null);
      c.currency.push(v[P.currency] as string | null);
    },
    stored: (ids) => packStoredCalls(c, ids),
    clear() {
      for (const column of Object.values(c) as unknown[][]) column.length = 0;
    },
  };
}

/** The natural unique key of a row, as one string (cluster, global call id, legs). */
export function naturalKeyOf(row: CallRowValues): string {
  return NATURAL_KEY_POSITIONS.map((p) => String(row[p])).join('\u0000');
}
