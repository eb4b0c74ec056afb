import type { CallDirection } from '../events/index.js';
import { callDetailSql, callTextSql } from '../store/index.js';

/** How a report column's values are typed and shown. `money` is integer minor units of the row's currency. */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'money' | 'duration' | 'instant' | 'boolean';

/** The directory tables a field needs joined to the call. */
export type FieldJoin = 'user' | 'department' | 'costCentre';

/**
 * Which side of the call a number field holds, for privacy masking: it is an
 * external number (masked) only for the directions where that side is the PSTN.
 */
export type NumberSide = 'calling' | 'called' | 'originalCalled' | 'remote';

export interface CallField {
  label: string;
  type: ColumnType;
  /** SQL over `c` (calls; CUCM detail through callDetailSql) and the joined aliases `u`, `d`, `cc`. */
  sql: string;
  join?: FieldJoin;
  nullable?: boolean;
  side?: NumberSide;
}

/** The remote party: who called us on incoming calls, whom we called otherwise. */
const REMOTE_NUMBER_SQL = `CASE WHEN c.direction = 'incoming' THEN c.calling_number ELSE c.dialled_number END`;

const text = (label: string, sql: string, extra: Partial<CallField> = {}): CallField => ({
  label,
  type: 'text',
  sql,
  ...extra,
});
const opt = (label: string, sql: string, extra: Partial<CallField> = {}): CallField =>
  text(label, sql, { nullable: true, ...extra });

/** Every field a call list can show, sort or filter on, by its API name. */
export const callFields = {
  id: { label: 'Call id', type: 'integer', sql: 'c.id' },
  startedAt: { label: 'Start', type: 'instant', sql: 'c.started_at' },
  endedAt: { label: 'End', type: 'instant', sql: 'c.ended_at' },
  duration: { label: 'Duration', type: 'duration', sql: 'c.duration_seconds' },
  direction: text('Direction', 'c.direction'),
  answered: { label: 'Answered', type: 'boolean', sql: 'c.answered' },
  extension: text('Extension', 'c.owner_extension'),
  partition: text('Partition', callTextSql('ownerPartition')),
  user: opt('User', 'u.username', { join: 'user' }),
  userName: opt('Name', `TRIM(u.first_name || ' ' || u.last_name)`, { join: 'user' }),
  department: opt('Department', 'd.name', { join: 'department' }),
  costCentre: opt('Cost centre', 'cc.code', { join: 'costCentre' }),
  site: opt('Site', 'c.site'),
  number: text('Number', REMOTE_NUMBER_SQL, { side: 'remote' }),
  callingNumber: text('Calling number', 'c.calling_number', { side: 'calling' }),
  calledNumber: text('Called number', callDetailSql('finalCalledNumber'), { side: 'called' }),
  originalCalledNumber: text('Original called number', callDetailSql('originalCalledNumber'), {
    side: 'originalCalled',
  }),
  dialledNumber: text('Dialled number', 'c.dialled_number', { side: 'called' }),
  destinationE164: opt('E.164 number', 'c.destination_e164', { side: 'called' }),
  destination: opt('Destination', 'c.destination_name'),
  nation: opt('Nation', 'c.nation'),
  destinationType: opt('Destination type', 'c.destination_type'),
  gateway: opt('Gateway', 'c.gateway'),
  carrier: opt('Carrier', callTextSql('carrier')),
  cost: { label: 'Cost', type: 'money', sql: 'c.cost_minor', nullable: true },
  currency: opt('Currency', 'c.currency'),
  tariffPlan: opt('Tariff plan', callTextSql('tariffPlan')),
  unratedReason: opt('Unrated reason', 'c.unrated_reason'),
  /** An extension on either side that the directory does not know ('' when both are known). */
  unknownExtension: text('Unknown extension', 'c.unknown_extension'),
  clientMatterCode: text('Client matter code', callDetailSql('clientMatterCode')),
  authCode: text('Authorization code', callDetailSql('authCodeDescription')),
  huntPilot: text('Hunt pilot', callDetailSql('huntPilotDn')),
  origDevice: text('Calling device', callDetailSql('origDevice')),
  destDevice: text('Called device', callDetailSql('destDevice')),
  origCause: { label: 'Calling cause', type: 'integer', sql: callDetailSql('origCause') },
  destCause: { label: 'Called cause', type: 'integer', sql: callDetailSql('destCause') },
  mos: { label: 'MOS', type: 'decimal', sql: 'c.mos', nullable: true },
} satisfies Record<string, CallField>;

export type CallFieldName = keyof typeof callFields;
export const callFieldNames = Object.keys(callFields) as [CallFieldName, ...CallFieldName[]];

/** What a call list shows when a report selects no fields. */
export const defaultCallFields: CallFieldName[] = [
  'startedAt',
  'extension',
  'userName',
  'department',
  'direction',
  'answered',
  'number',
  'destination',
  'duration',
  'cost',
];

export function callField(name: CallFieldName): CallField {
  return callFields[name];
}

const EXTERNAL_SIDES: Record<NumberSide, ReadonlySet<CallDirection>> = {
  calling: new Set(['incoming', 'transit', 'unknown']),
  called: new Set(['outgoing', 'transit', 'unknown']),
  originalCalled: new Set(['outgoing', 'unknown']),
  remote: new Set(['incoming', 'outgoing', 'transit', 'unknown']),
};

/** Whether a number field holds a PSTN party's number on a call of this direction. */
export function isExternalNumber(side: NumberSide, direction: string): boolean {
  return EXTERNAL_SIDES[side].has(direction as CallDirection);
}

/** SQL true when `side` of a call holds a PSTN party's number (the directions isExternalNumber names). */
export function externalNumberSql(side: NumberSide): string {
  return `c.direction IN (${[...EXTERNAL_SIDES[side]].map((d) => `'${d}'`).join(', ')})`;
}

export const JOIN_SQL: Record<FieldJoin, string> = {
  user: 'LEFT JOIN users u ON u.id = c.owner_user_id',
  department: 'LEFT JOIN departments d ON d.id = c.department_id',
  costCentre: 'LEFT JOIN cost_centres cc ON cc.id = c.cost_centre_id',
};
