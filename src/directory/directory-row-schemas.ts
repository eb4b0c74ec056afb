import { z } from 'zod';
import { languages } from '../i18n/index.js';
import type { DirectoryKind } from './directory-csv-columns.js';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const name = (max: number) => text(max).min(1, 'must not be empty');
const optionalRef = text(120).transform((v) => (v === '' ? null : v));
const digitsOrPlus = z
  .string()
  .trim()
  .regex(/^\+?[0-9*#]{1,50}$/, 'an extension is digits, optionally with a leading + (and * or #)');
const ipv4 = z
  .string()
  .trim()
  .refine(
    (v) => v === '' || /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(v),
    'not an IPv4 address',
  )
  .transform((v) => (v === '' ? null : v));
const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['', 'yes', 'no', 'true', 'false', '1', '0', 'y', 'n'].includes(v), 'expected yes or no')
  .transform((v) => (v === '' ? undefined : ['yes', 'true', '1', 'y'].includes(v)));
const emptyToNull = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable());

/** "4001" or "4001/PT_Internal" entries separated by ";". */
const lineRefs = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return [];
    return v.split(';').map((entry) => {
      const [extension = '', partition = ''] = entry.trim().split('/');
      if (!/^\+?[0-9*#]{1,50}$/.test(extension))
        ctx.addIssue({ code: 'custom', message: `bad line reference "${entry.trim()}"` });
      return { extension, partition: partition.trim() };
    });
  });

export const directoryRowSchemas = {
  departments: z.object({ name: name(120), description: text(255).optional(), manager: optionalRef.optional() }),
  'cost-centres': z.object({ code: name(60), name: text(120).optional(), manager: optionalRef.optional() }),
  users: z.object({
    username: name(120),
    first_name: text(120).optional(),
    last_name: text(120).optional(),
    email: text(255)
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'not an e-mail address')
      .optional(),
    language: emptyToNull(z.enum(languages, { message: `language is one of ${languages.join(', ')}` })).optional(),
    role: z
      .string()
      .trim()
      .transform((v) => (v === '' ? 'user' : v))
      .pipe(z.enum(['user', 'supervisor', 'admin'], { message: 'role is one of user, supervisor, admin' }))
      .optional(),
    department: optionalRef.optional(),
    cost_centre: optionalRef.optional(),
    manager: optionalRef.optional(),
  }),
  lines: z.object({
    extension: digitsOrPlus,
    partition: text(50).optional(),
    site: optionalRef.optional(),
    username: optionalRef.optional(),
    description: text(255).optional(),
    pin: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[0-9]{4,8}$/.test(v), 'a PIN is 4 to 8 digits')
      .optional(),
  }),
  devices: z.object({
    name: name(129),
    model: text(60).optional(),
    ip: ipv4.optional(),
    description: text(255).optional(),
    username: optionalRef.optional(),
    lines: lineRefs.optional(),
  }),
  gateways: z.object({
    device_name: name(129),
    kind: z
      .string()
      .trim()
      .toLowerCase()
      .transform((v) => (v === '' ? 'gateway' : v))
      .pipe(z.enum(['gateway', 'trunk'], { message: 'kind is gateway or trunk' }))
      .optional(),
    carrier: optionalRef.optional(),
    site: optionalRef.optional(),
    pstn: yesNo.optional(),
    description: text(255).optional(),
  }),
} satisfies Record<DirectoryKind, z.ZodType>;

export type DirectoryRow<K extends DirectoryKind> = z.infer<(typeof directoryRowSchemas)[K]>;
