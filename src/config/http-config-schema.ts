import { z } from 'zod';

export const httpConfigSchema = z
  .object({
    host: z.string().default('0.0.0.0').describe('Address the HTTP listener binds to.'),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8080)
      .describe('Port serving CURRI, phone services, SOAP and the web.'),
    publicUrl: z
      .string()
      .default('')
      .describe(
        'Base URL phones and CUCM use to reach Tollgate (e.g. http://tollgate.example.com:8080); ' +
          'empty = derived from the listener.',
      ),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .default(65536)
      .describe('Largest request body accepted (CURRI, phone, SOAP).'),
    shutdownGraceMs: z.number().int().min(0).default(10000).describe('How long shutdown waits for in-flight requests.'),
  })
  .prefault({});
