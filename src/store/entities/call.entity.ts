import { EntitySchema } from 'typeorm';
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
  ingestedAt: number;
}

const str = (name: string, length: number) => ({ name, type: 'varchar' as const, length, default: '' });
const nstr = (name: string, length: number) => ({ name, type: 'varchar' as const, length, nullable: true });
const int = (name: string) => ({ name, type: 'integer' as const, default: 0 });
const nint = (name: string) => ({ name, type: 'integer' as const, nullable: true });
const big = (name: string) => ({ name, type: 'bigint' as const, transformer: bigintAsNumber });

export const callEntity = new EntitySchema<CallRow>({
  name: 'Call',
  tableName: 'calls',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clusterId: str('cluster_id', 64),
    globalCallManagerId: big('global_call_manager_id'),
    globalCallId: big('global_call_id'),
    origLegId: big('orig_leg_id'),
    destLegId: big('dest_leg_id'),
    fileId: nint('file_id'),
    startedAt: big('started_at'),
    connectedAt: { ...big('connected_at'), nullable: true },
    endedAt: big('ended_at'),
    durationSeconds: int('duration_seconds'),
    direction: { name: 'direction', type: 'varchar', length: 16 },
    answered: { name: 'answered', type: 'boolean' },
    ownerExtension: str('owner_extension', 50),
    ownerPartition: str('owner_partition', 50),
    ownerKnown: { name: 'owner_known', type: 'boolean', default: true },
    ownerLineId: nint('owner_line_id'),
    ownerUserId: nint('owner_user_id'),
    departmentId: nint('department_id'),
    costCentreId: nint('cost_centre_id'),
    site: nstr('site', 60),
    callingNumber: str('calling_number', 64),
    callingPartition: str('calling_partition', 50),
    originalCalledNumber: str('original_called_number', 64),
    originalCalledPartition: str('original_called_partition', 50),
    finalCalledNumber: str('final_called_number', 64),
    finalCalledPartition: str('final_called_partition', 50),
    lastRedirectDn: str('last_redirect_dn', 64),
    lastRedirectDnPartition: str('last_redirect_dn_partition', 50),
    outpulsedCallingNumber: str('outpulsed_calling_number', 64),
    outpulsedCalledNumber: str('outpulsed_called_number', 64),
    dialledNumber: str('dialled_number', 64),
    origDevice: str('orig_device', 129),
    destDevice: str('dest_device', 129),
    gateway: nstr('gateway', 129),
    carrier: nstr('carrier', 120),
    origCause: int('orig_cause'),
    destCause: int('dest_cause'),
    origRedirectReason: int('orig_redirect_reason'),
    lastRedirectReason: int('last_redirect_reason'),
    huntPilotDn: str('hunt_pilot_dn', 64),
    authCodeDescription: str('auth_code_description', 64),
    authorizationLevel: int('authorization_level'),
    clientMatterCode: str('client_matter_code', 64),
    origIp: str('orig_ip', 45),
    destIp: str('dest_ip', 45),
    destinationE164: nstr('destination_e164', 32),
    nation: nstr('nation', 2),
    destinationType: nstr('destination_type', 16),
    destinationName: nstr('destination_name', 120),
    costMinor: nint('cost_minor'),
    currency: nstr('currency', 3),
    tariffPlan: nstr('tariff_plan', 120),
    tariffRow: nstr('tariff_row', 120),
    unratedReason: nstr('unrated_reason', 120),
    mos: { name: 'mos', type: 'real', nullable: true },
    jitterMs: nint('jitter_ms'),
    packetLoss: nint('packet_loss'),
    latencyMs: nint('latency_ms'),
    ingestedAt: big('ingested_at'),
  },
});
