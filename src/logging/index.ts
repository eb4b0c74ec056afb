export { createLogger, redactedPaths, type LoggerSettings } from './create-logger.js';
export type { Logger } from 'pino';
export { printable, printableJson } from './printable.js';
