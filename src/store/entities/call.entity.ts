import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import {
  callCodedColumns,
  callGeneratedColumns,
  callDetailFields,
  callRowColumns,
  callSameAsOf,
  callStoredRowColumns,
  packCallDetail,
  storedCallValue,
  type CallColumnValue,
} from '../../call-layout/index.js';
import type { CallDirection } from '../../events/index.js';
import { bigintAsNumber } from '../epoch-transformer.js';

/**
 * One stored, classified and (when external) rated CUCM call record. Written by
 * the CDR collector, read by reports and budgets. Instants are epoch seconds
 * (UTC), as CUCM writes them; `connectedAt` is null when the call was never
 * connected. Owner columns are copied from the directory at ingest, so a call
 * stays with the department it was made from.
 */
export interface CallRow {
  id: number;
  clusterId: string;
  globalCallManagerId: number;
  globalCallId: number;
  origLegId: number;
  destLegId: number;
  fileId: number | null;
  startedAt: number;
  connectedAt: number | null;
  endedAt: number;
  durationSeconds: number;
  direction: CallDirection;
  answered: boolean;
  ownerExtension: string;
  ownerPartition: string;
  /** False when the owner extension is not in the directory (reported by an alarm). */
  ownerKnown: boolean;
  ownerLineId: number | null;
  ownerUserId: number | null;
  departmentId: number | null;
  costCentreId: number | null;
  site: string | null;
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
  /** The external number the call is rated and reported by (outpulsed when present). */
  dialledNumber: string;
  origDevice: string;
  destDevice: string;
  /** The PSTN gateway or trunk the call used, if any. */
  gateway: string | null;
  carrier: string | null;
  origCause: number;
  destCause: number;
  origRedirectReason: number;
  lastRedirectReason: number;
  huntPilotDn: string;
  authCodeDescription: string;
  authorizationLevel: number;
  clientMatterCode: string;
  origIp: string;
  destIp: string;
  destinationE164: string | null;
  nation: string | null;
  destinationType: string | null;
  destinationName: string | null;
  /** Cost in minor units of `currency`; null when not rated. */
  costMinor: number | null;
  currency: string | null;
  tariffPlan: string | null;
  tariffRow: string | null;
  /** Why an external call could not be rated (e.g. unrecognized destination). */
  unratedReason: string | null;
  mos: number | null;
  jitterMs: number | null;
  packetLoss: number | null;
  latencyMs: number | null;
  /** An extension on either side the directory does not know; '' when both are known. */
  unknownExtension: string;
}

/** The fields that live in the packed `detail` column (call-columns.ts). */
export type PackedCallField =
  | 'callingPartition'
  | 'originalCalledNumber'
  | 'originalCalledPartition'
  | 'finalCalledNumber'
  | 'finalCalledPartition'
  | 'lastRedirectDn'
  | 'lastRedirectDnPartition'
  | 'outpulsedCallingNumber'
  | 'origDevice'
  | 'destDevice'
  | 'origCause'
  | 'destCause'
  | 'origRedirectReason'
  | 'lastRedirectReason'
  | 'huntPilotDn'
  | 'authCodeDescription'
  | 'authorizationLevel'
  | 'clientMatterCode'
  | 'origIp'
  | 'destIp';

/** The texts the `calls` table keeps as codes of `call_texts` (call-columns.ts, `coded`). */
export type CodedCallField = 'clusterId' | 'ownerPartition' | 'carrier' | 'tariffPlan' | 'tariffRow';

/** The fields the `calls` table generates from stored columns of other names (call-columns.ts, `stored`). */
export type GeneratedCallField = 'direction' | 'destinationType' | 'callingNumber' | 'outpulsedCalledNumber';

/**
 * A call as the `calls` table holds it: its own columns, the codes of its coded texts (property: the code column's
 * name in camel case), the stored columns of its generated ones (the same: direction_code → directionCode; the
 * generated ones are read, never written) and the CUCM detail packed in `detail` (JSON array).
 */
export type StoredCallRow = Omit<CallRow, PackedCallField | CodedCallField | GeneratedCallField> &
  Partial<Pick<CallRow, GeneratedCallField>> & {
    detail: string | null;
    directionCode: number;
    callingNumberIfOther: string | null;
    outpulsedCalledNumberIfOther: string | null;
    clusterCode: number;
    ownerPartitionCode: number;
    carrierCode: number | null;
    tariffPlanCode: number | null;
    tariffRowCode: number | null;
  };

/** The entity property of a coded column: its name in camel case (cluster_code → clusterCode). */
export const codeProperty = (name: string): string => name.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());

const entityColumns: Record<string, EntitySchemaColumnOptions> = {
  id: { type: 'integer', primary: true, generated: 'increment' },
};
callRowColumns.forEach((c, i) => {
  const stored = callStoredRowColumns[i] as (typeof callStoredRowColumns)[number];
  const options: EntitySchemaColumnOptions = {
    name: stored.name,
    type: stored.type,
    ...(stored.length !== undefined && !c.coded ? { length: stored.length } : {}),
    ...(stored.nullable ? { nullable: true } : {}),
    ...(stored.default !== undefined && stored.default !== null ? { default: stored.default } : {}),
    ...(c.type === 'bigint' ? { transformer: bigintAsNumber } : {}),
  };
  if (c.coded) entityColumns[codeProperty(c.name)] = options;
  else if (c.stored) {
    entityColumns[codeProperty(stored.name)] = options;
    // Generated by the table from its stored column: read, never written.
    entityColumns[c.property] = {
      name: c.name,
      type: c.type,
      length: c.length,
      ...(c.nullable ? { nullable: true } : {}),
      insert: false,
      update: false,
    };
  } else entityColumns[c.property] = options;
});
// jsonb on PostgreSQL (the migration makes it so), text on SQLite: TypeORM reads and writes the JSON text as it is.
entityColumns.detail = { name: 'detail', type: 'text', nullable: true };

/** The `calls` table, derived from callColumns. Write whole calls with toStoredCallRow. */
export const callEntity = new EntitySchema<StoredCallRow>({ name: 'Call', tableName: 'calls', columns: entityColumns });

/**
 * A call as the table holds it: the own columns as they are, the detail packed, each coded text as its code
 * (`codeOf`, from the call_texts rows; without it the code columns keep their defaults).
 */
export function toStoredCallRow(
  call: Partial<CallRow>,
  codeOf?: (column: (typeof callCodedColumns)[number], text: string | null) => number | null,
): Omit<StoredCallRow, 'id'> & { id?: number } {
  const stored: Record<string, unknown> = { ...call };
  for (const f of callDetailFields) delete stored[f.property];
  for (const c of callCodedColumns) {
    const text = call[c.property] as string | null | undefined;
    delete stored[c.property];
    if (codeOf && text !== undefined) stored[codeProperty(c.name)] = codeOf(c, text);
  }
  const valueOf = (p: keyof CallRow) => (call[p] as CallColumnValue | undefined) ?? null;
  for (const c of callGeneratedColumns) {
    // Left out, a text takes its column's default ('') as before, not the table's (NULL: the same as …).
    const value = (call[c.property] as CallColumnValue | undefined) ?? c.default;
    delete stored[c.property];
    const same = callSameAsOf(c);
    if (value !== undefined && c.stored)
      stored[codeProperty(c.stored.name)] = storedCallValue(c, value, same ? valueOf(same) : null);
  }
  stored.detail = packCallDetail(
    callDetailFields.map((f) => (call[f.property] as CallColumnValue | undefined) ?? f.default ?? null),
  );
  return stored as Omit<StoredCallRow, 'id'> & { id?: number };
}
