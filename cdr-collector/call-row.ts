import type { CallDirection, StoredCallSummary } from '../src/events/index.js';
import type { CallClassification } from './classify-call.js';
import type { CallRecord } from './parse-cdr-record.js';
import type { RatingOutcome } from './call-rater.js';

/**
 * The `calls` columns the collector writes, in the order of the value arrays
 * `buildCallRow` returns. Rows travel as arrays so that a million of them cost
 * no per-row object and go straight into prepared statements.
 */
export const callInsertColumns = [
  'cluster_id',
  'global_call_manager_id',
  'global_call_id',
  'orig_leg_id',
  'dest_leg_id',
  'file_id',
  'started_at',
  'connected_at',
  'ended_at',
  'duration_seconds',
  'direction',
  'answered',
  'owner_extension',
  'owner_partition',
  'owner_known',
  'owner_line_id',
  'owner_user_id',
  'department_id',
  'cost_centre_id',
  'site',
  'calling_number',
  'calling_partition',
  'original_called_number',
  'original_called_partition',
  'final_called_number',
  'final_called_partition',
  'last_redirect_dn',
  'last_redirect_dn_partition',
  'outpulsed_calling_number',
  'outpulsed_called_number',
  'dialled_number',
  'orig_device',
  'dest_device',
  'gateway',
  'carrier',
  'orig_cause',
  'dest_cause',
  'orig_redirect_reason',
  'last_redirect_reason',
  'hunt_pilot_dn',
  'auth_code_description',
  'authorization_level',
  'client_matter_code',
  'orig_ip',
  'dest_ip',
  'destination_e164',
  'nation',
  'destination_type',
  'destination_name',
  'cost_minor',
  'currency',
  'tariff_plan',
  'tariff_row',
  'unrated_reason',
  'ingested_at',
  'unknown_extension',
] as const;

export type CallRowValue = string | number | boolean | null;
export type CallRowValues = CallRowValue[];

/** Columns the calls migration gives no default: every insert names them. */
const required = new Set([
  'global_call_manager_id',
  'global_call_id',
  'orig_leg_id',
  'dest_leg_id',
  'started_at',
  'ended_at',
  'direction',
  'answered',
  'ingested_at',
]);
const zeroDefault = new Set([
  'duration_seconds',
  'orig_cause',
  'dest_cause',
  'orig_redirect_reason',
  'last_redirect_reason',
  'authorization_level',
]);
const nullDefault = new Set([
  'file_id',
  'connected_at',
  'owner_line_id',
  'owner_user_id',
  'department_id',
  'cost_centre_id',
  'site',
  'gateway',
  'carrier',
  'destination_e164',
  'nation',
  'destination_type',
  'destination_name',
  'cost_minor',
  'currency',
  'tariff_plan',
  'tariff_row',
  'unrated_reason',
]);

/**
 * Per column, the value the database fills in when an INSERT leaves the column
 * out (the calls migration's defaults), or `undefined` when it must be given.
 * Leaving defaults out makes inserts cheaper: binding parameters is most of
 * SQLite's cost per row.
 */
export const callColumnDefaults: ReadonlyArray<CallRowValue | undefined> = callInsertColumns.map((c) => {
  if (required.has(c)) return undefined;
  if (zeroDefault.has(c)) return 0;
  if (nullDefault.has(c)) return null;
  if (c === 'owner_known') return true;
  return '';
});

/** Positions the summary for the calls.stored event is read from. */
const at = (column: (typeof callInsertColumns)[number]) => callInsertColumns.indexOf(column);
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

/** Limits from the calls migration: longer values are cut rather than refused by PostgreSQL. */
const cut = (value: string, length: number) => (value.length > length ? value.slice(0, length) : value);

/** The values of one `calls` row; booleans stay booleans (the store adapts them to its driver). */
export function buildCallRow(
  call: CallRecord,
  c: CallClassification,
  rating: RatingOutcome | null,
  fileId: number,
  ingestedAt: number,
): CallRowValues {
  const line = c.owner.line;
  const rated = rating?.rated === true ? rating : null;
  return [
    cut(call.clusterId, 64),
    call.globalCallManagerId,
    call.globalCallId,
    call.origLegId,
    call.destLegId,
    fileId,
    call.startedAt,
    call.connectedAt,
    call.endedAt,
    call.durationSeconds,
    c.direction,
    c.answered,
    cut(c.owner.extension, 50),
    cut(c.owner.partition, 50),
    c.owner.known,
    line?.lineId ?? null,
    line?.userId ?? null,
    line?.departmentId ?? null,
    line?.costCentreId ?? null,
    c.site,
    cut(call.callingNumber, 64),
    cut(call.callingPartition, 50),
    cut(call.originalCalledNumber, 64),
    cut(call.originalCalledPartition, 50),
    cut(call.finalCalledNumber, 64),
    cut(call.finalCalledPartition, 50),
    cut(call.lastRedirectDn, 64),
    cut(call.lastRedirectDnPartition, 50),
    cut(call.outpulsedCallingNumber, 64),
    cut(call.outpulsedCalledNumber, 64),
    cut(c.dialledNumber, 64),
    cut(call.origDevice, 129),
    cut(call.destDevice, 129),
    c.gateway ? cut(c.gateway.deviceName, 129) : null,
    c.gateway?.carrier ?? null,
    call.origCause,
    call.destCause,
    call.origRedirectReason,
    call.lastRedirectReason,
    cut(call.huntPilotDn, 64),
    cut(call.authCodeDescription, 64),
    call.authorizationLevel,
    cut(call.clientMatterCode, 64),
    cut(call.origIp, 45),
    cut(call.destIp, 45),
    rating?.destinationE164 ?? null,
    rating?.nation ?? null,
    rating?.destinationType ?? null,
    rating?.destinationName ? cut(rating.destinationName, 120) : null,
    rated ? rated.costMinor : null,
    rated ? rated.currency : null,
    rated?.plan ? cut(rated.plan, 120) : null,
    rated?.row ? cut(rated.row, 120) : null,
    rating && !rating.rated ? cut(rating.reason, 120) : null,
    ingestedAt,
    cut(c.unknownExtension, 50),
  ];
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
