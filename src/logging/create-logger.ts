import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths whose values never reach a log line: PINs, passwords, keys, credentials. */
export const redactedPaths = [
  '*.pin',
  '*.oldPin',
  '*.newPin',
  '*.password',
  '*.passwordHash',
  '*.privateKey',
  '*.passphrase',
  '*.secret',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.pin',
  'req.body.pin',
  'config.smtp.auth',
];

export interface LoggerSettings {
  level: string;
  pretty?: boolean;
}

/** The root logger; modules take `log.child({ module })` and units of work a child of that. */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options = {
    level: settings.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { service: 'tollgate' },
  };
  if (destination) return pino(options, destination);
  if (settings.pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(options);
}
