import { z } from 'zod';
import { optionalTimeZoneSetting } from './time-zone.js';

export const weekDays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const budgetsConfigSchema = z
  .object({
    timeZone: optionalTimeZoneSetting()
      .default('')
      .describe('IANA time zone in which budget days, weeks and months begin and end; empty = general.timeZone.'),
    weekStartsOn: z.enum(weekDays).default('monday').describe('First day of a weekly budget period.'),
    countedDirections: z
      .array(z.enum(['outgoing', 'transit', 'incoming', 'internal', 'unknown']))
      .min(1)
      .default(['outgoing', 'transit'])
      .describe(
        'Call directions whose cost counts against budgets (transit = a call forwarded out to the ' +
          'PSTN, paid by the forwarding line).',
      ),
    countedDestinationTypes: z
      .array(z.string())
      .default(['fixed-local', 'fixed-national', 'mobile', 'premium', 'shared-cost', 'special', 'unknown'])
      .describe(
        'Destination types whose cost counts against budgets: by default the chargeable ones (all ' +
          'but toll-free, emergency and internal); an empty list counts every rated call.',
      ),
    reconcileIntervalSeconds: z
      .number()
      .int()
      .min(10)
      .max(86400)
      .default(300)
      .describe(
        'How often spend is recomputed from the stored calls as a backstop (picks up re-rating done ' +
          'by other processes).',
      ),
  })
  .prefault({});

export type BudgetsConfig = z.infer<typeof budgetsConfigSchema>;
