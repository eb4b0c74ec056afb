import { z } from 'zod';
import { destinationTypes, overridePrefixDigits, type DestinationType } from '../../tariffs/index.js';

const overrideTypes = destinationTypes.filter((t) => t !== 'internal' && t !== 'emergency') as [
  DestinationType,
  ...DestinationType[],
];

const overrideSchema = z
  .object({
    prefix: z
      .string()
      .refine((p) => overridePrefixDigits(p) !== undefined, {
        message: 'an E.164 prefix: + then digits (spaces allowed), e.g. "+39 199"',
      })
      .describe('E.164 prefix the override applies to.'),
    destinationType: z.enum(overrideTypes).describe('Destination type numbers under the prefix get.'),
    name: z.string().min(1).optional().describe('Destination name shown in reports.'),
    nation: z
      .string()
      .regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2, e.g. IT')
      .optional()
      .describe('Nation, when not the one the calling code gives.'),
  })
  .strict();

/** Tariff plans (docs/manual/tariffs.md) and destination overrides. */
export const tariffsConfigSchema = z
  .object({
    plansDir: z
      .string()
      .default('')
      .describe(
        'Folder of tariff plan files (*.yaml, *.yml). Empty = the sample plans shipped in the ' +
          'package (tariffs/plans), wherever it is installed.',
      ),
    watch: z
      .boolean()
      .default(true)
      .describe('Reload the plans when a file in the folder changes (as `tollgate tariffs reload` does).'),
    watchDebounceMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(500)
      .describe('Quiet time after the last change before reloading.'),
    destinationOverrides: z
      .array(overrideSchema)
      .default([])
      .describe(
        'Destinations by prefix, before libphonenumber: [{prefix: "+39 199", destinationType: ' +
          'premium, name: "Italy 199 premium"}]. Longest prefix wins.',
      ),
  })
  .prefault({});

export type TariffsConfig = z.infer<typeof tariffsConfigSchema>;
