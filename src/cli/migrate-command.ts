import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import type { CliContext } from './cli-context.js';

export function registerMigrateCommand(program: Command, cli: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .option(
      '--compact',
      'then rebuild an SQLite file so that the space migrations and purges freed leaves it (stop the daemon first; ' +
        'it needs free disk about the size of the file)',
    )
    .action(async (options: { compact?: boolean }) => {
      await cli.withTollgate(async (tollgate) => {
        const pending = await tollgate.dataSource.showMigrations();
        cli.out(
          pending
            ? 'migrations pending after run (unexpected)'
            : `database is up to date (${tollgate.dataSource.migrations.length} migrations)`,
        );
        if (options.compact) cli.out(await compact(tollgate.dataSource));
      });
    });
}

/**
 * SQLite keeps the pages a migration or a purge freed inside its file; VACUUM rebuilds the file without them. It is
 * run here with the daemon's own SQLite (better-sqlite3's), which reads every layout the migrations make: Debian's
 * `sqlite3` 3.40 cannot parse the rollups' triggers. PostgreSQL reuses freed space itself (autovacuum).
 */
async function compact(ds: DataSource): Promise<string> {
  if (ds.options.type === 'postgres') return 'PostgreSQL reuses freed space itself (autovacuum): nothing to compact';
  const bytes = async () => {
    const [pages] = (await ds.query('PRAGMA page_count')) as Array<{ page_count: number }>;
    const [size] = (await ds.query('PRAGMA page_size')) as Array<{ page_size: number }>;
    return Number(pages?.page_count) * Number(size?.page_size);
  };
  const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;
  const before = await bytes();
  await ds.query('VACUUM');
  const after = await bytes();
  return `compacted the database file: ${mb(before)} → ${mb(after)}`;
}
