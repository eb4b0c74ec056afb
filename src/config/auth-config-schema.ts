import { z } from 'zod';

const signInSchema = z
  .object({
    maxFailuresPerAccount: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(5)
      .describe('Wrong passwords for one admin account name (SOAP, web), known or not, before it is locked out.'),
    maxFailuresPerAddress: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(20)
      .describe(
        'Wrong passwords from one client address, whatever account names it tries, before the address is locked out.',
      ),
    lockoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(15)
      .describe(
        'How long a lockout lasts; also the window in which failures are counted. Kept in the ' +
          'database across restarts.',
      ),
  })
  .prefault({});

export const authConfigSchema = z
  .object({
    signIn: signInSchema,
  })
  .prefault({});

export type AuthConfig = z.infer<typeof authConfigSchema>;
