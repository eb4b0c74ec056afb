export { createLogger, redactedPaths, type LoggerSettings } from './create-logger.js';
export type { Logger } from 'pino';
