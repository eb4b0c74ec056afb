import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * calls.unknown_extension: an extension on either side of a call that the
 * directory does not know ('' when both are known), for the alarm on calls
 * to or from undefined extensions (issue 4). owner_known covers only the owner.
 */
export class CallsUnknownExtension1795470812712 implements MigrationInterface {
  name = 'CallsUnknownExtension1795470812712';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'calls',
      new TableColumn({ name: 'unknown_extension', type: 'varchar', length: '50', default: "''" }),
    );
    // Partial: only the few calls with an unknown extension get an entry, so ingest pays nothing for the others.
    await q.createIndex(
      'calls',
      new TableIndex({
        name: 'ix_calls_unknown_extension_started',
        columnNames: ['unknown_extension', 'started_at'],
        where: "unknown_extension <> ''",
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('calls', 'ix_calls_unknown_extension_started');
    await q.dropColumn('calls', 'unknown_extension');
  }
}
