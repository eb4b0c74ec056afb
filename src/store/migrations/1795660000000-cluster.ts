import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/**
 * Several daemons on one database: `cluster_leases` (one row per lease: a
 * run-once job such as budget renewal, or a CDR file being ingested; the
 * holder renews it, anyone takes it once it has expired) and `cluster_daemons`
 * (each daemon's heartbeat and how far it has followed the change feed).
 */
export class Cluster1795660000000 implements MigrationInterface {
  name = 'Cluster1795660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'cluster_leases',
        columns: [
          { name: 'name', type: 'varchar', length: '255', isPrimary: true },
          col.str('holder', 64),
          col.big('acquired_at'),
          col.big('renewed_at'),
          col.big('expires_at'),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'cluster_daemons',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          col.str('host', 255),
          col.int('pid'),
          col.big('started_at'),
          col.big('last_seen_at'),
          col.nbig('stopped_at'),
          { ...col.big('feed_position'), default: '0' },
          { ...col.big('feed_delay_ms'), default: '0' },
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('cluster_daemons');
    await q.dropTable('cluster_leases');
  }
}
