import { z } from 'zod';
import { periodPresets } from '../reports/index.js';
import { openingHoursSchema } from './opening-hours.js';

const count = (fallback: number) => z.number().int().min(0).default(fallback);
const numberEntry = z
  .string()
  .trim()
  .regex(/^\+?[0-9]+\*?$/, 'digits, optionally a leading + and a trailing * for a prefix');
const extension = z.string().trim().min(1).max(50);

/** The settings of each kind of alarm; the eight of the user guide §2.4, then the toll-fraud ones. */
export const alarmSettingsSchemas = {
  'outside-hours': z
    .object({ openingHours: openingHoursSchema.prefault({}), incoming: z.boolean().default(false) })
    .strict(),
  'called-numbers': z.object({ numbers: z.array(numberEntry).min(1).max(500) }).strict(),
  spending: z
    .object({
      groupBy: z.enum(['user', 'department', 'costCentre']).default('user'),
      amountMinor: z.number().int().min(0),
      period: z.enum(periodPresets).default('this-month'),
    })
    .strict(),
  'missed-calls': z.object({ extensions: z.array(extension).max(1000).default([]), above: count(5) }).strict(),
  international: z.object({}).strict(),
  'no-records': z
    .object({ openingHours: openingHoursSchema.prefault({}), quietMinutes: z.number().int().min(1).default(60) })
    .strict(),
  'unrecognised-destinations': z.object({ minCount: z.number().int().min(1).default(1) }).strict(),
  'unknown-extensions': z.object({}).strict(),
  'attempt-burst': z.object({}).strict(),
  'emergency-call': z.object({}).strict(),
  'premium-rate': z
    .object({
      destinationTypes: z.array(z.string().min(1).max(16)).default(['premium']),
      /** Effective price per minute (cost over connected time) at or above which a call is reported, in minor units. */
      perMinuteMinor: z.number().int().min(1).default(100),
      minCount: z.number().int().min(1).default(1),
    })
    .strict(),
  'spend-spike': z
    .object({
      openingHours: openingHoursSchema.prefault({}),
      factor: z.number().min(1).max(100).default(3),
      minIncreaseMinor: z.number().int().min(0).default(1000),
    })
    .strict(),
} as const;

export type AlarmKind = keyof typeof alarmSettingsSchemas;
export const alarmKinds = Object.keys(alarmSettingsSchemas) as [AlarmKind, ...AlarmKind[]];
export type AlarmSettings<K extends AlarmKind = AlarmKind> = z.output<(typeof alarmSettingsSchemas)[K]>;

/** Kinds that answer an event at once instead of running on a schedule. */
export const eventKinds: ReadonlySet<AlarmKind> = new Set<AlarmKind>(['attempt-burst', 'emergency-call']);

export const recurrenceUnits = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;

/** When an alarm runs: every N units from a start, on the wall clock of a time zone. */
export const recurrenceSchema = z
  .object({
    every: z.number().int().min(1).max(1000).default(1),
    unit: z.enum(recurrenceUnits).default('hours'),
    /** Local date and time of the first run (YYYY-MM-DDTHH:mm); empty = from when it is saved. */
    startLocal: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$/)
      .default(''),
    timeZone: z.string().min(1).default('UTC'),
  })
  .strict();

export type Recurrence = z.output<typeof recurrenceSchema>;

export const recipientSchema = z
  .object({
    email: z.string().trim().email().max(255),
    language: z.string().min(2).max(5).default('en'),
    /** Masking follows this role (reports.privacy.revealRoles), never more than the owner's own. */
    role: z.enum(['admin', 'supervisor', 'user']).default('user'),
  })
  .strict();

export type AlarmRecipient = z.output<typeof recipientSchema>;

const common = {
  description: z.string().trim().max(200).default(''),
  active: z.boolean().default(true),
  recurrence: recurrenceSchema.prefault({}),
  recipients: z.array(recipientSchema).max(50).default([]),
  webhook: z
    .object({
      url: z
        .string()
        .url()
        .max(500)
        .refine((u) => /^https?:/.test(u), 'http or https'),
      secret: z.string().min(16).max(200),
    })
    .strict()
    .optional(),
  sendWhenEmpty: z.boolean().default(false),
};

/** An alarm as the CLI and the web create or edit it. */
export const alarmDraftSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('outside-hours'),
      settings: alarmSettingsSchemas['outside-hours'].prefault({}),
      ...common,
    })
    .strict(),
  z.object({ kind: z.literal('called-numbers'), settings: alarmSettingsSchemas['called-numbers'], ...common }).strict(),
  z.object({ kind: z.literal('spending'), settings: alarmSettingsSchemas.spending, ...common }).strict(),
  z
    .object({ kind: z.literal('missed-calls'), settings: alarmSettingsSchemas['missed-calls'].prefault({}), ...common })
    .strict(),
  z
    .object({ kind: z.literal('international'), settings: alarmSettingsSchemas.international.prefault({}), ...common })
    .strict(),
  z
    .object({ kind: z.literal('no-records'), settings: alarmSettingsSchemas['no-records'].prefault({}), ...common })
    .strict(),
  z
    .object({
      kind: z.literal('unrecognised-destinations'),
      settings: alarmSettingsSchemas['unrecognised-destinations'].prefault({}),
      ...common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('unknown-extensions'),
      settings: alarmSettingsSchemas['unknown-extensions'].prefault({}),
      ...common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('attempt-burst'),
      settings: alarmSettingsSchemas['attempt-burst'].prefault({}),
      ...common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('emergency-call'),
      settings: alarmSettingsSchemas['emergency-call'].prefault({}),
      ...common,
    })
    .strict(),
  z
    .object({ kind: z.literal('premium-rate'), settings: alarmSettingsSchemas['premium-rate'].prefault({}), ...common })
    .strict(),
  z
    .object({ kind: z.literal('spend-spike'), settings: alarmSettingsSchemas['spend-spike'].prefault({}), ...common })
    .strict(),
]);

export type AlarmDraft = z.output<typeof alarmDraftSchema>;
export type AlarmDraftInput = z.input<typeof alarmDraftSchema>;
