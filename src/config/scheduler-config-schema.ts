import { z } from 'zod';

export const schedulerConfigSchema = z
  .object({
    leaseSeconds: z
      .number()
      .int()
      .min(2)
      .max(3600)
      .default(60)
      .describe(
        'A running scheduled report or alarm renews its claim this often (a third of it); when a ' +
          'daemon dies mid-run, ' +
          'another daemon (or this one, restarted) retries the run after this long.',
      ),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(4)
      .describe('Scheduled runs one daemon works on at the same time.'),
  })
  .prefault({});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
