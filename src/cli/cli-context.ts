import type { Logger } from 'pino';
import { composeTollgate, type Tollgate } from '../compose.js';
import type { Config } from '../config/index.js';
import { createLogger } from '../logging/index.js';

/** What every subcommand gets: the loaded config, a logger, and a way to run with the daemon's parts composed. */
export interface CliContext {
  config(): Config;
  log(): Logger;
  /** Composes Tollgate (migrating the database), runs `fn`, then stops it. */
  withTollgate<T>(fn: (tollgate: Tollgate) => Promise<T>): Promise<T>;
  out(text: string): void;
  err(text: string): void;
}

export function createCliContext(loadConfig: () => Config): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
  const context: CliContext = {
    config: () => (config ??= loadConfig()),
    // CLI commands log to stderr so that stdout stays clean for --json and exports.
    log: () => (log ??= createLogger({ level: context.config().logging.level === 'info' ? 'warn' : context.config().logging.level }, process.stderr)),
    async withTollgate(fn) {
      const tollgate = await composeTollgate(context.config(), { log: context.log() });
      try {
        return await fn(tollgate);
      } finally {
        await tollgate.stop();
      }
    },
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    err: (text) => {
      process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
  return context;
}
