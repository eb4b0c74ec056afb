import { z } from 'zod';

const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const hostKeyFingerprint = z
  .string()
  .regex(/^(SHA256:[A-Za-z0-9+/]{43}=?)?$/, 'SHA256:<base64> as `ssh-keygen -lf` prints it, or empty')
  .default('');

/** One billing-server folder Tollgate pulls CUCM files from by SFTP (one per cluster, typically). */
export const cdrSftpSourceSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
      .describe('Name of the source in logs, the ledger and status.'),
    host: z.string().min(1).describe('SFTP server (the billing server CUCM pushes to).'),
    port: z.number().int().min(1).max(65535).default(22).describe('SFTP port.'),
    username: z.string().min(1).describe('SFTP user.'),
    password: z.string().default('').describe('Password; empty when a private key is used.'),
    privateKeyFile: z
      .string()
      .default('')
      .describe('Path of an OpenSSH private key file; empty when a password is used.'),
    passphrase: z.string().default('').describe('Passphrase of the private key, if any.'),
    hostKeySha256: hostKeyFingerprint.describe(
      'Pinned host key fingerprint (SHA256:…). Empty = refuse to connect and log the fingerprint ' +
        'offered, so it can be pasted here.',
    ),
    remoteDir: z.string().default('.').describe('Remote folder CUCM delivers into.'),
    pattern: regexSource.default('^(cdr|cmr)_').describe('Regular expression the file names must match.'),
    pollSeconds: z
      .number()
      .int()
      .min(5)
      .default(60)
      .describe('Seconds between polls (CUCM pushes every minute by default).'),
    afterStore: z
      .enum(['delete', 'move', 'leave'])
      .default('move')
      .describe(
        'What happens to a remote file once stored: delete it, move it to archiveDir, or leave it and remember it.',
      ),
    archiveDir: z
      .string()
      .default('archive')
      .describe('Remote folder for afterStore=move (relative to remoteDir unless absolute); created if missing.'),
    clusterId: z.string().default('').describe('Cluster id for records that carry none; empty = from the file name.'),
  })
  .refine((s) => s.password !== '' || s.privateKeyFile !== '', {
    message: 'give a password or a privateKeyFile',
    path: ['password'],
  });

export type CdrSftpSourceConfig = z.infer<typeof cdrSftpSourceSchema>;

export const cdrConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Collect CUCM CDR/CMR files (drop folder and SFTP sources).'),
    dropFolder: z
      .object({
        enabled: z.boolean().default(true).describe('Watch the local drop folder.'),
        path: z
          .string()
          .default('./data/cdr-inbox')
          .describe('Folder CUCM (or a script) delivers files into; archive/ and quarantine/ are made inside it.'),
        scanSeconds: z
          .number()
          .int()
          .min(1)
          .default(30)
          .describe('Backstop scan interval besides the file-system watch.'),
        settleMs: z
          .number()
          .int()
          .min(0)
          .default(2000)
          .describe(
            'A file is taken once its size and time have not changed for this long (it may still be arriving).',
          ),
        pattern: regexSource
          .default('^(cdr|cmr)_')
          .describe('Regular expression file names must match; others are left alone.'),
      })
      .prefault({}),
    sftpSources: z
      .array(cdrSftpSourceSchema)
      .default([])
      .describe('SFTP folders to poll, one entry per billing server/cluster.'),
    pstnDevicePatterns: z
      .array(regexSource)
      .default([])
      .describe(
        'Regular expressions for CUCM device names of PSTN gateways/trunks not listed in the ' +
          'directory (e.g. "^GW_", "^SIP_TRUNK_PSTN"). The directory\'s gateways take precedence.',
      ),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(50000)
      .default(2000)
      .describe(
        'Records stored per transaction (and announced per calls.stored event). Larger batches ' +
          'ingest faster; smaller ones keep the database write lock, which a daemon write may wait for, shorter.',
      ),
    yieldWhenBusy: z
      .boolean()
      .default(true)
      .describe(
        "Pause between batches while the daemon's event loop is busy (CURRI, phone services), so " +
          'call control keeps its latency during a CDR backlog; the ingest catches up when traffic quiets.',
      ),
    stagingDir: z
      .string()
      .default('')
      .describe('Where SFTP downloads are staged; empty = <general.dataDir>/cdr-staging.'),
    quarantineDir: z
      .string()
      .default('')
      .describe('Where refused SFTP files are kept; empty = <general.dataDir>/cdr-quarantine.'),
    retry: z
      .object({
        initialSeconds: z.number().min(1).default(5).describe('First wait after a failed poll or file.'),
        maxSeconds: z
          .number()
          .min(1)
          .default(300)
          .describe('Longest wait between retries (doubling from initialSeconds).'),
      })
      .prefault({}),
    connectTimeoutSeconds: z.number().int().min(1).default(20).describe('SFTP connect and handshake timeout.'),
    quarantineRejectShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe(
        'A file whose rejected records exceed this share of its records is quarantined (checked ' +
          'once quarantineMinLines records are read, and at the end); calls already stored from it stay.',
      ),
    quarantineMinLines: z
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe('Records a file must have before its share of rejects can quarantine it.'),
    maxStoredRejectsPerFile: z
      .number()
      .int()
      .min(0)
      .default(1000)
      .describe('Rejected lines kept verbatim per file (cdr_rejects); further rejects are only counted.'),
  })
  .prefault({});

export type CdrConfig = z.infer<typeof cdrConfigSchema>;
