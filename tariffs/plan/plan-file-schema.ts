import { z } from 'zod';

// Plan files are read with YAML's failsafe schema, so every leaf is a string here;
// numbers, dates and enums are checked (with their line) when the plan is compiled.
const text = z.string();
const oneOrMany = z.union([text, z.array(text)]);

export const planIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
const id = text.regex(planIdPattern, 'must be 1–120 letters, digits, "." "_" "-", starting with a letter or digit');

const rowFields = {
  connectFee: text.optional(),
  increments: text.optional(),
  minimum: text.optional(),
  maximum: text.optional(),
};

export const bandFileSchema = z
  .object({ days: oneOrMany.optional(), from: text.optional(), to: text.optional(), holidays: text.optional() })
  .strict();

export const rowFileSchema = z
  .object({
    id,
    name: text.optional(),
    prefix: text.optional(),
    nation: oneOrMany.optional(),
    type: oneOrMany.optional(),
    default: text.optional(),
    perMinute: z.union([text, z.record(text, text)]),
    ...rowFields,
  })
  .strict();

export const planFileSchema = z
  .object({
    id,
    name: text.optional(),
    description: text.optional(),
    carrier: text.min(1, 'must not be empty'),
    currency: text,
    timeZone: text,
    effectiveFrom: text,
    effectiveTo: text.optional(),
    rounding: text.optional(),
    bandSplit: text.optional(),
    defaults: z.object(rowFields).strict().optional(),
    bands: z.record(id, bandFileSchema).optional(),
    holidays: z.array(text).optional(),
    rows: z.array(rowFileSchema).min(1, 'a plan needs at least one row'),
  })
  .strict();

export type PlanFile = z.infer<typeof planFileSchema>;
export type RowFile = z.infer<typeof rowFileSchema>;
export type BandFile = z.infer<typeof bandFileSchema>;
