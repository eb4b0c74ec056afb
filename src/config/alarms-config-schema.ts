import { z } from 'zod';

const webhookSchema = z
  .object({
    attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe('Attempts to deliver an alarm webhook (network errors, 5xx and 429 are retried).'),
    retryDelayMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(2000)
      .describe('Delay before the second webhook attempt, in ms; doubled for each further one.'),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(10_000)
      .describe('Time one webhook attempt may take, in ms.'),
  })
  .prefault({});

/** Alarms (issue 17): how many calls a message lists and how webhooks are delivered. */
export const alarmsConfigSchema = z
  .object({
    maxListedCalls: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(200)
      .describe('Most offending calls one alarm e-mail or webhook lists (the count says how many there were).'),
    webhook: webhookSchema,
  })
  .prefault({});
