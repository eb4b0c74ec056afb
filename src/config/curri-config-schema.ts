import { isIP } from 'node:net';
import { z } from 'zod';

const contextName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM, 24-hour');
const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const announcementId = z
  .string()
  .regex(/^[^\s<>&"']*$/, 'an announcement identifier has no spaces or XML special characters')
  .default('');

/** A context: what one ECC profile URL (`/curri/<name>`) stands for. */
const contextSchema = z.object({
  site: z
    .string()
    .default('')
    .describe(
      'Site whose numbering plan and emergency numbers apply to callers not in the directory; empty ' +
        '= the caller line\'s site, else "default".',
    ),
  partitions: z
    .array(z.string())
    .default([])
    .describe('Partitions whose lines this profile serves (CUCM sends no partition); empty = every partition.'),
  internalPatterns: z
    .array(regexSource)
    .default([])
    .describe("Regular expressions for internal called numbers; empty = the site's internalPatterns."),
});

const lockedSchema = z
  .object({
    treatment: z
      .enum(['deny', 'divert'])
      .default('deny')
      .describe("What a locked line's external call gets: deny (reject) or divert to divertDestination."),
    divertDestination: z
      .string()
      .regex(/^[0-9A-Za-z*#+@._-]*$/, 'a dialable destination')
      .default('')
      .describe(
        "Where locked lines' external calls are diverted (e.g. voicemail or operator), resolved by " +
          "the profile's Diversion Rerouting CSS.",
      ),
    divertReason: z
      .string()
      .regex(/^[A-Za-z0-9 _-]*$/)
      .default('chaperone')
      .describe('CIXML <reason> sent with a divert; empty = none.'),
  })
  .refine((v) => v.treatment !== 'divert' || v.divertDestination !== '', {
    message: 'divertDestination is required when treatment is divert',
    path: ['divertDestination'],
  })
  .prefault({});

const announcementsSchema = z
  .object({
    locked: announcementId.describe("CUCM announcement played when a locked line's call is rejected; empty = none."),
    budgetExhausted: announcementId.describe(
      'Announcement played when a call is rejected because the budget is spent.',
    ),
    outsideWorkingHours: announcementId.describe('Announcement played when a call is rejected outside working hours.'),
    attemptBurst: announcementId.describe('Announcement played when a call is rejected for too many attempts.'),
    unknownCaller: announcementId.describe(
      'Announcement played when an unknown caller is rejected, or greeted when permitted.',
    ),
    rejectElement: z
      .enum(['announce', 'greeting'])
      .default('announce')
      .describe(
        'CIXML element carrying the announcement inside <reject> (unverified by Cisco docs; ' +
          '<announce> is the form seen in use).',
      ),
  })
  .prefault({});

const workingHoursSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Deny calls to the listed destination types outside working hours.'),
    days: z
      .array(z.number().int().min(1).max(7))
      .default([1, 2, 3, 4, 5])
      .describe("Working days, ISO numbering (1 = Monday … 7 = Sunday), in the caller site's time zone."),
    start: hhmm.default('08:00').describe("Start of working hours (local time of the caller's site)."),
    end: hhmm.default('19:00').describe('End of working hours (exclusive).'),
    destinationTypes: z
      .array(z.string())
      .default(['international', 'premium'])
      .describe('Destination types (as the tariff module names them) denied outside working hours.'),
  })
  .prefault({});

const burstSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe("Deny a line's external calls once it makes too many attempts in a short time (toll fraud)."),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(20)
      .describe('External call attempts allowed per line within windowMinutes.'),
    windowMinutes: z.number().int().min(1).max(1440).default(10).describe('Sliding window for maxAttempts.'),
  })
  .prefault({});

const recorderSchema = z
  .object({
    flushIntervalMs: z
      .number()
      .int()
      .min(50)
      .max(60000)
      .default(1000)
      .describe('How often recorded decisions are written to the database.'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe(
        'Decisions written together (one transaction, by a worker thread with its own connection on ' +
          'SQLite); a full batch is written at once, else every flushIntervalMs.',
      ),
    maxQueued: z
      .number()
      .int()
      .min(100)
      .default(100000)
      .describe(
        'Decisions kept in memory while the database is unavailable; beyond this the oldest are ' +
          'dropped (counted in metrics).',
      ),
  })
  .prefault({});

const httpsSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Serve CURRI on a separate HTTPS listener (for an https:// ECC profile URL).'),
    host: z.string().default('0.0.0.0').describe('Address the CURRI HTTPS listener binds to.'),
    port: z.number().int().min(0).max(65535).default(8443).describe('Port of the CURRI HTTPS listener.'),
    certFile: z
      .string()
      .default('')
      .describe('PEM certificate (chain) of the listener; its host name must match the ECC profile URL.'),
    keyFile: z.string().default('').describe('PEM private key of certFile.'),
    clientCaFile: z
      .string()
      .default('')
      .describe(
        'PEM bundle of the CallManager certificates (or their CA); when set, CUCM nodes must present one (mutual TLS).',
      ),
  })
  .refine((v) => !v.enabled || (v.certFile !== '' && v.keyFile !== ''), {
    message: 'certFile and keyFile are required when https is enabled',
    path: ['certFile'],
  })
  .prefault({});

/** An IPv4 or IPv6 address, optionally a CIDR range (address/prefix length). */
const clientAddress = z.string().refine((entry) => {
  const slash = entry.indexOf('/');
  const family = isIP(slash < 0 ? entry : entry.slice(0, slash));
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = entry.slice(slash + 1);
  return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}, 'an IPv4 or IPv6 address, or a CIDR range such as 10.1.2.0/24');

export const curriConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Answer CUCM External Call Control requests on /curri and /curri/<context>.'),
    contexts: z
      .record(contextName, contextSchema)
      .default({})
      .describe(
        'ECC profile contexts by name, served at /curri/<name> (JSON in the environment variable). ' +
          '/curri alone uses the context named "default", else every partition.',
      ),
    emergencyNumbers: z
      .array(z.string().regex(/^[0-9]+$/, 'digits only'))
      .default(['112', '911', '999', '110', '113', '115', '118', '1530'])
      .describe(
        "Emergency numbers always permitted, in addition to each site's emergencyNumbers, in every " +
          'form a site dials or CUCM globalises them: with the PSTN access code, in E.164 (+39112), ' +
          'after the international prefix (0039112, 00039112).',
      ),
    alwaysAllowed: z
      .array(z.string().regex(/^\+?[0-9#]+\*?$/, 'digits, optionally ending in * for a prefix'))
      .default([])
      .describe('Called numbers always permitted: exact (0800123456) or prefixes ending in * (800*, +39800*).'),
    unknownCaller: z
      .enum(['permit', 'deny', 'indeterminate'])
      .default('permit')
      .describe(
        "Decision for external calls from a number not in the directory (indeterminate = CUCM's " +
          'call treatment on failures).',
      ),
    locked: lockedSchema,
    announcements: announcementsSchema,
    deadlineMs: z
      .number()
      .int()
      .min(10)
      .max(60000)
      .default(1000)
      .describe(
        "Longest time a decision may take (body included); keep it below the ECC profile's Routing Request Timer.",
      ),
    failureDecision: z
      .enum(['indeterminate', 'notapplicable', 'permit', 'deny'])
      .default('indeterminate')
      .describe(
        'Answer on a bad request, internal error or missed deadline; indeterminate/notapplicable ' +
          "hand the call to CUCM's call treatment on failures. Emergency numbers are permitted regardless.",
      ),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(1048576)
      .default(16384)
      .describe('Largest CURRI request body accepted (CUCM sends about 1.7 KB).'),
    logPermits: z
      .boolean()
      .default(false)
      .describe(
        'Log every permitted call at info as well; by default permits are logged at debug (the ' +
          'curri_decisions table records them all) and denials, diversions and failures at info.',
      ),
    keepAliveTimeoutMs: z
      .number()
      .int()
      .min(1000)
      .default(620000)
      .describe(
        'Idle time before a persistent connection is closed, on the main HTTP port and on the CURRI ' +
          "HTTPS listener alike (headersTimeout is set 1 s above it). Keep it well above CUCM's own " +
          'keepalive and connection reuse intervals (not documented by Cisco; unverified notes name ' +
          '30 and 60 s), so Tollgate never closes a connection CUCM is about to reuse.',
      ),
    plainHttp: z
      .boolean()
      .default(true)
      .describe(
        'Serve CURRI on the main HTTP port too; false = on the HTTPS listener (curri.https) only, ' +
          'plain HTTP requests to /curri get 403.',
      ),
    allowedClients: z
      .array(clientAddress)
      .default([])
      .describe(
        'Addresses or CIDR ranges (IPv4 or IPv6, e.g. 10.1.2.0/24, 2001:db8::/64) of the CUCM nodes ' +
          'allowed to use CURRI over plain HTTP; IPv4 clients seen as ::ffff:a.b.c.d match too. ' +
          'Empty = any address. Others get 403 and a warning (once a minute per address).',
      ),
    workingHours: workingHoursSchema,
    burst: burstSchema,
    recorder: recorderSchema,
    https: httpsSchema,
  })
  .refine((c) => c.plainHttp || !c.enabled || c.https.enabled, {
    message: 'plainHttp: false serves CURRI over HTTPS only: enable curri.https as well',
    path: ['plainHttp'],
  })
  .prefault({});

export type CurriConfig = z.infer<typeof curriConfigSchema>;
export type CurriContextConfig = z.infer<typeof contextSchema>;

/** Settings removed from this section, and why: still accepted (with a warning) so that existing files load. */
export const removedCurriSettings: Record<string, string> = {
  directoryRefreshSeconds:
    'directory imports made by other processes (the CLI) now reach CURRI within a second through the change feed',
};
