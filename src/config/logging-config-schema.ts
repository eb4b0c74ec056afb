import { z } from 'zod';

export const loggingConfigSchema = z
  .object({
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level.'),
    pretty: z.boolean().default(false).describe('Human-readable logs instead of JSON lines.'),
  })
  .prefault({});
