import type { CallDirection, StoredCallSummary } from '../src/events/index.js';
import {
  callColumns,
  callDetailFields,
  callRowColumns,
  packCallDetail,
  type CallColumn,
  type CallColumnValue,
} from '../src/store/index.js';
import type { CallClassification } from './classify-call.js';
import type { CallRecord } from './parse-cdr-record.js';
import type { RatingOutcome } from './call-rater.js';

/** The `calls` columns the collector writes, in the order of the value arrays `buildCallRow` returns (callColumns). */
export const callInsertColumns: readonly string[] = [...callRowColumns.map((c) => c.name), 'detail'];
type CallProperty = CallColumn['property'];

export type CallRowValue = CallColumnValue;
export type CallRowValues = CallRowValue[];

/**
 * Per column, the value the database fills in when an INSERT leaves the column
 * out, or `undefined` when it must be given. Leaving defaults out makes
 * inserts cheaper: binding parameters is most of SQLite's cost per row.
 */
export const callColumnDefaults: ReadonlyArray<CallRowValue | undefined> = [
  ...callRowColumns.map((c) => c.default),
  null,
];

const OWN = callRowColumns.length;
const position = new Map<CallProperty, number>([...callRowColumns, ...callDetailFields].map((c, i) => [c.property, i]));
const limit = [...callRowColumns, ...callDetailFields].map((c) => c.length ?? 0);
if (callColumns.some((c, i) => Boolean(c.packed) !== i >= OWN))
  throw new Error('callColumns lists its own columns before the packed ones');
/** Positions the summary for the calls.stored event is read from. */
const at = (column: string) => callInsertColumns.indexOf(column);
const STARTED = at('started_at');
const DIRECTION = at('direction');
const ANSWERED = at('answered');
const LINE = at('owner_line_id');
const USER = at('owner_user_id');
const DEPARTMENT = at('department_id');
const COST_CENTRE = at('cost_centre_id');
const DESTINATION_TYPE = at('destination_type');
const COST = at('cost_minor');
const CURRENCY = at('currency');
export const NATURAL_KEY_POSITIONS = [
  at('cluster_id'),
  at('global_call_manager_id'),
  at('global_call_id'),
  at('orig_leg_id'),
  at('dest_leg_id'),
] as const;

/**
 * The values of one `calls` row in callInsertColumns order (the detail packed
 * last); texts cut to their columns' limits rather than refused by PostgreSQL.
 * Booleans stay booleans (the store adapts them to its driver).
 */
export function buildCallRow(
  call: CallRecord,
  c: CallClassification,
  rating: RatingOutcome | null,
  fileId: number,
  ingestedAt: number,
): CallRowValues {
  const line = c.owner.line;
  const rated = rating?.rated === true ? rating : null;
  const v: CallRowValues = new Array<CallRowValue>(position.size);
  const set = (property: CallProperty, value: CallRowValue) => {
    const i = position.get(property) as number;
    const max = limit[i] as number;
    v[i] = typeof value === 'string' && max > 0 && value.length > max ? value.slice(0, max) : value;
  };
  set('clusterId', call.clusterId);
  set('globalCallManagerId', call.globalCallManagerId);
  set('globalCallId', call.globalCallId);
  set('origLegId', call.origLegId);
  set('destLegId', call.destLegId);
  set('fileId', fileId);
  set('startedAt', call.startedAt);
  set('connectedAt', call.connectedAt);
  set('endedAt', call.endedAt);
  set('durationSeconds', call.durationSeconds);
  set('direction', c.direction);
  set('answered', c.answered);
  set('ownerExtension', c.owner.extension);
  set('ownerPartition', c.owner.partition);
  set('ownerKnown', c.owner.known);
  set('ownerLineId', line?.lineId ?? null);
  set('ownerUserId', line?.userId ?? null);
  set('departmentId', line?.departmentId ?? null);
  set('costCentreId', line?.costCentreId ?? null);
  set('site', c.site);
  set('callingNumber', call.callingNumber);
  set('outpulsedCalledNumber', call.outpulsedCalledNumber);
  set('dialledNumber', c.dialledNumber);
  set('gateway', c.gateway ? c.gateway.deviceName : null);
  set('carrier', c.gateway?.carrier ?? null);
  set('destinationE164', rating?.destinationE164 ?? null);
  set('nation', rating?.nation ?? null);
  set('destinationType', rating?.destinationType ?? null);
  set('destinationName', rating?.destinationName || null);
  set('costMinor', rated ? rated.costMinor : null);
  set('currency', rated ? rated.currency : null);
  set('tariffPlan', rated?.plan || null);
  set('tariffRow', rated?.row || null);
  set('unratedReason', rating && !rating.rated ? rating.reason : null);
  set('mos', null);
  set('jitterMs', null);
  set('packetLoss', null);
  set('latencyMs', null);
  set('ingestedAt', ingestedAt);
  set('unknownExtension', c.unknownExtension);
  set('callingPartition', call.callingPartition);
  set('originalCalledNumber', call.originalCalledNumber);
  set('originalCalledPartition', call.originalCalledPartition);
  set('finalCalledNumber', call.finalCalledNumber);
  set('finalCalledPartition', call.finalCalledPartition);
  set('lastRedirectDn', call.lastRedirectDn);
  set('lastRedirectDnPartition', call.lastRedirectDnPartition);
  set('outpulsedCallingNumber', call.outpulsedCallingNumber);
  set('origDevice', call.origDevice);
  set('destDevice', call.destDevice);
  set('origCause', call.origCause);
  set('destCause', call.destCause);
  set('origRedirectReason', call.origRedirectReason);
  set('lastRedirectReason', call.lastRedirectReason);
  set('huntPilotDn', call.huntPilotDn);
  set('authCodeDescription', call.authCodeDescription);
  set('authorizationLevel', call.authorizationLevel);
  set('clientMatterCode', call.clientMatterCode);
  set('origIp', call.origIp);
  set('destIp', call.destIp);
  const detail = packCallDetail(v.slice(OWN));
  v.length = OWN;
  v.push(detail);
  return v;
}

/** What listeners of calls.stored get for a row the store inserted with `id`. */
export function summariseCallRow(id: number, row: CallRowValues): StoredCallSummary {
  return {
    id,
    startedAt: new Date((row[STARTED] as number) * 1000),
    direction: row[DIRECTION] as CallDirection,
    answered: row[ANSWERED] as boolean,
    ownerLineId: row[LINE] as number | null,
    ownerUserId: row[USER] as number | null,
    departmentId: row[DEPARTMENT] as number | null,
    costCentreId: row[COST_CENTRE] as number | null,
    destinationType: row[DESTINATION_TYPE] as string | null,
    costMinor: row[COST] as number | null,
    currency: row[CURRENCY] as string | null,
  };
}

/** The natural unique key of a row, as one string (cluster, global call id, legs). */
export function naturalKeyOf(row: CallRowValues): string {
  return NATURAL_KEY_POSITIONS.map((p) => String(row[p])).join('\u0000');
}
