import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { cliActor, lineRefOf } from './lock-command.js';

export function registerPinCommand(program: Command, cli: CliContext): void {
  const pin = program.command('pin').description('line PINs for the phone service');
  pin
    .command('reset')
    .argument('<extension>')
    .option('--partition <partition>', 'the line\'s partition, when the extension exists in several')
    .option('--random', 'a new random PIN even when a default PIN is configured')
    .option('--actor <name>', 'who, recorded in the history (default: cli:<login>)')
    .description('reset a line\'s PIN (to the configured default, or a random one printed once) and lift a PIN lockout; the user is asked to change it')
    .action(async (extension: string, opts: { partition?: string; random?: boolean; actor?: string }) => {
      const ref = lineRefOf(extension, opts);
      const { generatedPin } = await cli.withTollgate((t) => t.locks.resetPin(ref, cliActor(opts.actor), { random: opts.random ?? false }));
      cli.out(
        generatedPin
          ? `new PIN for ${extension}: ${generatedPin} (give it to the user; it is not shown again)`
          : `PIN for ${extension} reset to the configured default PIN`,
      );
      cli.out('PIN lockout lifted; the user will be asked to choose their own PIN');
    });
}
