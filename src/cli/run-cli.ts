import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { printable } from '../logging/index.js';
import { createCliContext } from './cli-context.js';
import { commandRegistrations } from './commands.js';

/**
 * Runs `tollgate` with the process's arguments and environment (src/main.ts, the only reader of process.env): loads
 * the config once, runs the command, and ends the process with the status a shell expects on a failure.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const program = new Command('tollgate')
    .description('Call accounting and call control for Cisco CUCM')
    .option('-c, --config <file>', 'configuration file (default: ./tollgate.yaml if present)')
    .showHelpAfterError();

  // Config is loaded once, here, from the environment main.ts hands over (docs/style.md §6).
  const cli = createCliContext(() => {
    const file = program.opts<{ config?: string }>().config ?? env.TOLLGATE_CONFIG;
    const { config, warnings } = loadConfig({ ...(file ? { file } : {}), env });
    for (const warning of warnings) process.stderr.write(`tollgate: warning: ${warning}\n`);
    return config;
  });
  for (const register of commandRegistrations) register(program, cli);

  // A reader that stops early (`tollgate audit | head`) closes the pipe: end quietly, with the status a shell gives a
  // program that SIGPIPE ended (128 + 13), as other command-line tools do, rather than with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(141);
  });

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${printable(err.message, { keepNewlines: true })}\n`);
      process.exit(2);
    }
    if (err instanceof AppError) {
      process.stderr.write(`tollgate: ${printable(err.message, { keepNewlines: true })}\n`);
      process.exit(1);
    }
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`tollgate: ${printable(text, { keepNewlines: true })}\n`);
    process.exit(1);
  }
}
