import { pino, type DestinationStream, type Logger } from 'pino';
import { redactionCensor, redactSecretFields } from './redact-secret-fields.js';

/**
 * Secrets inside objects that pino's serializers write (HTTP requests) or that
 * sit deeper than `redactSecretFields` looks: redacted by exact path, which
 * costs next to nothing. Every other secret field (`secretFieldNames`: PINs,
 * passwords, keys, tokens) is redacted by name at depth 1 and 2 of each log
 * call's object. Child bindings (module, reqId, file…) get the paths only:
 * pino applies no formatter to them, so never bind a secret.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.pin',
  'req.body.pin',
  'config.smtp.auth',
  'config.ldap.bindPassword',
];

export interface LoggerSettings {
  level: string;
  pretty?: boolean;
}

/** The root logger; modules take `log.child({ module })` and units of work a child of that. */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options = {
    level: settings.level,
    redact: { paths: redactedPaths, censor: redactionCensor },
    formatters: { log: redactSecretFields },
    base: { service: 'tollgate' },
  };
  if (destination) return pino(options, destination);
  if (settings.pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(options);
}
