import { z } from 'zod';

const pinSchema = z
  .object({
    length: z
      .number()
      .int()
      .min(4)
      .max(8)
      .default(4)
      .describe('Digits in a PIN a user chooses (4 to 8). Existing PINs of another length still work.'),
    defaultPin: z
      .string()
      .regex(/^([0-9]{4,8})?$/, '4 to 8 digits, or empty')
      .default('')
      .describe(
        'PIN of a line with none provisioned (the directory import can give each line its own); its ' +
          'user is asked to change it. Empty = such lines cannot use the phone service until `tollgate pin reset`.',
      ),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe('Wrong PINs for a line, from any device, before further attempts are refused.'),
    lockoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(15)
      .describe('How long attempts are refused after too many wrong PINs (kept across restarts).'),
    rejectTrivial: z
      .boolean()
      .default(true)
      .describe('Refuse new PINs made of one repeated digit or a straight run (1234, 9876).'),
    hashSecret: z
      .string()
      .default('')
      .describe(
        'Server-side secret mixed into the argon2id PIN hashes, so a stolen database alone cannot ' +
          'be brute-forced. Empty = the pin-hash-secret file beside the SQLite database, generated ' +
          'at first start (docs/manual/configuration.md, "Database"). Changing it invalidates every stored PIN.',
      ),
  })
  .prefault({});

const pushSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Push a notice to every phone (with an IP in the directory) carrying a line whose lock state changed.'),
    username: z
      .string()
      .default('')
      .describe(
        'User name Tollgate sends to the phone (HTTP Basic) on pushes; the phone checks it against ' +
          'its authentication URL.',
      ),
    password: z
      .string()
      .default('')
      .describe(
        'Password for pushes, paired with push.username; /phone/authenticate answers AUTHORIZED to exactly this pair.',
      ),
    phonePort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(80)
      .describe("Port of the phones' web server (/CGI/Execute); Cisco phones listen on 80."),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(60000)
      .default(5000)
      .describe('Time allowed for one push request to a phone.'),
    retries: z.number().int().min(0).max(10).default(3).describe('Further attempts after a failed push.'),
    retryDelayMs: z
      .number()
      .int()
      .min(0)
      .max(600000)
      .default(2000)
      .describe('Delay before the first retry; doubled for each further one.'),
    priority: z
      .number()
      .int()
      .min(0)
      .max(2)
      .default(1)
      .describe(
        'CiscoIPPhoneExecute priority of the notice: 0 at once, 1 when the phone is idle (does not ' +
          'interrupt a call), 2 only if idle.',
      ),
    concurrency: z.number().int().min(1).max(64).default(4).describe('Pushes in flight at once.'),
  })
  .prefault({});

export const phoneConfigSchema = z
  .object({
    pin: pinSchema,
    push: pushSchema,
  })
  .prefault({});

/** Settings removed from this section, and why: still accepted (with a warning) so that existing files load. */
export const removedPhoneSettings: Record<string, string> = {
  lockSyncSeconds:
    'lock changes made by other processes (the CLI) now reach the daemon within a second through the change feed',
};

export type PhoneConfig = z.infer<typeof phoneConfigSchema>;
