import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { cliActor, lineRefOf } from './lock-command.js';
import { readSecret } from './read-secret.js';

export function registerPinCommand(program: Command, cli: CliContext): void {
  const pin = program.command('pin').description('line PINs for the phone service');
  pin
    .command('reset')
    .argument('<extension>')
    .option('--partition <partition>', "the line's partition, when the extension exists in several")
    .option('--random', 'a new random PIN even when a default PIN is configured')
    .option(
      '--pin',
      'set a PIN you choose, read from standard input (it must follow phone.pin: length, no trivial PINs)',
    )
    .option('--actor <name>', 'who, recorded in the history (default: cli:<login>)')
    .description(
      "reset a line's PIN (to the configured default, or a random one printed once) and lift a PIN " +
        'lockout; the user is asked to change it',
    )
    .action(
      async (extension: string, opts: { partition?: string; random?: boolean; pin?: boolean; actor?: string }) => {
        const ref = lineRefOf(extension, opts);
        // Read from standard input, never from the command line, where other local users could see it (ps).
        const chosen = opts.pin ? (await readSecret('New PIN: ')).trim() : undefined;
        const options = chosen === undefined ? { random: opts.random ?? false } : { pin: chosen };
        const { generatedPin } = await cli.withTollgate((t) => t.locks.resetPin(ref, cliActor(opts.actor), options));
        cli.out(
          generatedPin
            ? `new PIN for ${extension}: ${generatedPin} (give it to the user; it is not shown again)`
            : chosen !== undefined
              ? `PIN for ${extension} set`
              : `PIN for ${extension} reset to the configured default PIN`,
        );
        cli.out('PIN lockout lifted; the user will be asked to choose their own PIN');
      },
    );
}
