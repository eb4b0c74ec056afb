import { z } from 'zod';

const digits = z.string().regex(/^[0-9]*$/, 'digits only');

/** A site's numbering plan: how its users dial, so numbers can be normalised to E.164. */
export const siteSchema = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 country code, e.g. IT').describe('Country of the site.'),
  areaCode: digits.default('').describe('Area code added to local numbers dialled without one (empty where dialling is closed).'),
  pstnAccessCode: digits.default('').describe('Digit(s) dialled to reach the PSTN, e.g. 9 or 0; empty if none.'),
  nationalPrefix: digits.default('0').describe('Trunk prefix for national calls (0 in IT/UK/DE, 1 in US).'),
  internationalPrefix: digits.default('00').describe('International access prefix (00, or 011 in the US).'),
  internalPatterns: z
    .array(z.string())
    .default(['^[1-7][0-9]{2,4}$'])
    .describe('Regular expressions matching internal extensions dialled at this site.'),
  emergencyNumbers: z.array(digits).default(['112']).describe('Numbers always permitted (without access code).'),
  timeZone: z.string().default('UTC').describe('IANA time zone of the site.'),
});

export type SiteConfig = z.infer<typeof siteSchema>;

export const sitesConfigSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_-]+$/), siteSchema)
  .default({
    default: {
      country: 'IT',
      areaCode: '02',
      pstnAccessCode: '0',
      nationalPrefix: '0',
      internationalPrefix: '00',
      internalPatterns: ['^[1-7][0-9]{2,4}$'],
      emergencyNumbers: ['112', '113', '115', '118', '911', '999'],
      timeZone: 'Europe/Rome',
    },
  })
  .describe('Sites by name (lines and gateways name their site; "default" is used otherwise). JSON in the environment variable.');
