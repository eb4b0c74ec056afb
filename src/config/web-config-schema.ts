import { z } from 'zod';

export const webConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Serve the web portal under / on the HTTP port.'),
    session: z
      .object({
        idleMinutes: z
          .number()
          .int()
          .min(1)
          .max(1440)
          .default(30)
          .describe('A web session ends after this many minutes without a request.'),
        absoluteHours: z
          .number()
          .int()
          .min(1)
          .max(168)
          .default(12)
          .describe('A web session ends this many hours after sign-in, however active.'),
        gadget: z
          .object({
            idleHours: z
              .number()
              .int()
              .min(1)
              .max(2160)
              .default(168)
              .describe(
                'A gadget session (Jabber custom tab, Webex embedded app) ends after this many ' +
                  'hours without a request.',
              ),
            absoluteDays: z
              .number()
              .int()
              .min(1)
              .max(365)
              .default(30)
              .describe('A gadget session ends this many days after sign-in, however active.'),
          })
          .prefault({}),
      })
      .prefault({}),
    frameAncestors: z
      .array(z.string())
      .default([])
      .describe(
        "Origins allowed to frame the portal (CSP frame-ancestors), e.g. for Jabber or Webex gadgets; empty = 'none'.",
      ),
    pageSize: z
      .number()
      .int()
      .min(10)
      .max(500)
      .default(50)
      .describe("Rows per page in the portal's lists (Users, Audit)."),
  })
  .prefault({});
