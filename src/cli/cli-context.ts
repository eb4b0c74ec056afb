import type { Logger } from 'pino';
import { composeTollgate, type Tollgate } from '../compose.js';
import type { Config } from '../config/index.js';
import { createLogger, printable } from '../logging/index.js';

/** What every subcommand gets: the loaded config, a logger, and a way to run with the daemon's parts composed. */
export interface CliContext {
  config(): Config;
  log(): Logger;
  /** Composes Tollgate (migrating the database), runs `fn`, then stops it. */
  withTollgate<T>(fn: (tollgate: Tollgate) => Promise<T>): Promise<T>;
  /**
   * Writes a line to stdout, control characters (but tab and newline) shown as \xNN; JSON goes through
   * printableJson first.
   */
  out(text: string): void;
  err(text: string): void;
}

export function createCliContext(loadConfig: () => Config): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
  const context: CliContext = {
    config: () => (config ??= loadConfig()),
    // CLI commands log to stderr so that stdout stays clean for --json and exports.
    log: () =>
      (log ??= createLogger(
        { level: context.config().logging.level === 'info' ? 'warn' : context.config().logging.level },
        process.stderr,
      )),
    async withTollgate(fn) {
      const tollgate = await composeTollgate(context.config(), { log: context.log() });
      try {
        return await fn(tollgate);
      } finally {
        await tollgate.stop();
      }
    },
    // Messages echo names, reasons and values that came from files and the network: no control sequence reaches the
    // terminal.
    out: (text) => {
      const safe = printable(text, { keepNewlines: true });
      process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    err: (text) => {
      const safe = printable(text, { keepNewlines: true });
      process.stderr.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
  };
  return context;
}
