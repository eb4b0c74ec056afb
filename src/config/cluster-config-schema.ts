import { z } from 'zod';

export const clusterConfigSchema = z
  .object({
    heartbeatSeconds: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(2)
      .describe(
        'How often each daemon writes its heartbeat row and renews the leases it holds (run-once jobs, CDR files).',
      ),
    leaseSeconds: z
      .number()
      .int()
      .min(3)
      .max(600)
      .default(10)
      .describe(
        'How long a lease lasts without renewal: when a daemon dies, another takes over its ' +
          'run-once jobs and resumes its CDR file after at most this long. Keep it several ' +
          'heartbeats long, and above the clock difference between hosts.',
      ),
  })
  .prefault({});

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
