import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export function registerMigrateCommand(program: Command, cli: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await cli.withTollgate(async (tollgate) => {
        const pending = await tollgate.dataSource.showMigrations();
        cli.out(
          pending
            ? 'migrations pending after run (unexpected)'
            : `database is up to date (${tollgate.dataSource.migrations.length} migrations)`,
        );
      });
    });
}
