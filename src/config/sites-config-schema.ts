import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { timeZoneSetting } from './time-zone.js';

const digits = z.string().regex(/^[0-9]*$/, 'digits only');

const regex = z.string().refine(
  (pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const e164Prefix = z
  .string()
  .regex(/^\+[1-9][0-9 ]*$/, 'an E.164 prefix: + then digits (spaces allowed), e.g. "+39 02"')
  .transform((p) => p.replace(/ /g, ''));

/**
 * A site's numbering plan: how its users dial, so numbers can be normalised to
 * E.164 (docs/manual/tariffs.md explains the algorithm).
 */
export const siteSchema = z.object({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 country code, e.g. IT')
    .refine((c) => isSupportedCountry(c), { message: 'not a country the numbering metadata knows' })
    .describe('Country of the site.'),
  areaCode: digits
    .default('')
    .describe(
      'Area code as dialled nationally (020 London, 030 Berlin, 212 New York), added to local ' +
        'numbers dialled without one. Empty where dialling is closed (Italy).',
    ),
  pstnAccessCode: digits.default('').describe('Digit(s) dialled to reach the PSTN, e.g. 9 or 0; empty if none.'),
  nationalPrefix: digits
    .default('0')
    .describe(
      'Trunk prefix for national calls (0 in IT/UK/DE, 1 in US): numbers starting with it never get the area code.',
    ),
  internationalPrefix: digits.default('00').describe('International access prefix (00, or 011 in the US).'),
  internalPatterns: z
    .array(regex)
    .default(['^[1-7][0-9]{2,4}$'])
    .describe('Regular expressions matching internal extensions dialled at this site.'),
  emergencyNumbers: z.array(digits).default(['112']).describe('Numbers always permitted (without access code).'),
  localPrefixes: z
    .array(e164Prefix)
    .default([])
    .describe(
      'E.164 prefixes of fixed numbers that count as local calls (e.g. "+39 02"); empty = those of the area code.',
    ),
  timeZone: timeZoneSetting().default('UTC').describe('IANA time zone of the site.'),
});

export type SiteConfig = z.infer<typeof siteSchema>;

export const sitesConfigSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_-]+$/), siteSchema)
  .default({
    default: {
      country: 'IT',
      areaCode: '',
      pstnAccessCode: '0',
      nationalPrefix: '0',
      internationalPrefix: '00',
      internalPatterns: ['^[1-7][0-9]{2,4}$'],
      emergencyNumbers: ['112', '113', '115', '118', '911', '999'],
      localPrefixes: ['+3902'],
      timeZone: 'Europe/Rome',
    },
  })
  .describe(
    'Sites by name (lines and gateways name their site; "default" is used otherwise). JSON in the ' +
      'environment variable.',
  );
