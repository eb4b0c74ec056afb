import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/** A lease one daemon holds until `expiresAt` (epoch ms) unless it renews it: a run-once job or a CDR file. */
export interface ClusterLeaseRow {
  name: string;
  /** The holding daemon's id (its change-feed origin). */
  holder: string;
  acquiredAt: number;
  renewedAt: number;
  expiresAt: number;
}

/** A daemon's heartbeat row. */
export interface ClusterDaemonRow {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  lastSeenAt: number;
  /** Set when the daemon stopped cleanly. */
  stoppedAt: number | null;
  /** The newest change-feed row the daemon has handled. */
  feedPosition: number;
  /** How long after its commit the daemon handled that row, ms. */
  feedDelayMs: number;
}

const epoch = { type: 'bigint', transformer: bigintAsNumber } as const;

export const clusterLeaseEntity = new EntitySchema<ClusterLeaseRow>({
  name: 'ClusterLease',
  tableName: 'cluster_leases',
  columns: {
    name: { type: 'varchar', length: 255, primary: true },
    holder: { type: 'varchar', length: 64 },
    acquiredAt: { name: 'acquired_at', ...epoch },
    renewedAt: { name: 'renewed_at', ...epoch },
    expiresAt: { name: 'expires_at', ...epoch },
  },
});

export const clusterDaemonEntity = new EntitySchema<ClusterDaemonRow>({
  name: 'ClusterDaemon',
  tableName: 'cluster_daemons',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    host: { type: 'varchar', length: 255 },
    pid: { type: 'integer' },
    startedAt: { name: 'started_at', ...epoch },
    lastSeenAt: { name: 'last_seen_at', ...epoch },
    stoppedAt: { name: 'stopped_at', ...epoch, nullable: true },
    feedPosition: { name: 'feed_position', ...epoch, default: 0 },
    feedDelayMs: { name: 'feed_delay_ms', ...epoch, default: 0 },
  },
});
