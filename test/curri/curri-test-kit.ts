import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, type Config } from '../../src/config/index.js';

const repo = join(import.meta.dirname, '../..');
const samplesDir = join(repo, 'fixtures/curri/samples');

/**
 * The CURRI wire samples of the reference (docs/reference/curri.md §3.2), bodies only (HTTP headers of .http files
 * removed).
 */
export const sampleRequests = [
  '01-request-cucm-capture-translationpattern.xml',
  '02-request-cisco-hello-world.http',
  '03-request-calltelemetry-fixture-quirks.xml',
  '04-request-directorynumber-callingdevicename.xml',
] as const;
export type SampleRequest = (typeof sampleRequests)[number];

export function sampleBody(name: SampleRequest): string {
  const raw = readFileSync(join(samplesDir, name), 'utf8');
  return name.endsWith('.http') ? raw.slice(raw.replace(/\r\n/g, '\n').indexOf('\n\n') + 2) : raw;
}

/**
 * A golden response under fixtures/curri/responses (written from docs/reference/curri.md §4.6, not from our
 * renderer).
 */
export function goldenResponse(name: string): string {
  return readFileSync(join(repo, 'fixtures/curri/responses', name), 'utf8');
}

export const curriDirectoryFiles = ['users.csv', 'lines.csv', 'devices.csv'].map((f) =>
  join(repo, 'fixtures/curri/directory', f),
);

/**
 * The samples' numbers are North American (9725550101 dials 50102, 9005551234 is
 * a 900 premium number), so the test site is a Dallas office dialling 9 for the PSTN.
 */
export function curriTestConfig(curri: Record<string, unknown> = {}, extraSites: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    logging: { level: 'silent' },
    sites: {
      default: {
        country: 'US',
        areaCode: '972',
        pstnAccessCode: '9',
        nationalPrefix: '1',
        internationalPrefix: '011',
        internalPatterns: ['^[1-8][0-9]{3}$'],
        emergencyNumbers: ['911', '933'],
        timeZone: 'America/Chicago',
      },
      ...extraSites,
    },
    curri,
  });
}

/** A sample body with one attribute's value replaced. */
export function withValue(body: string, attribute: string, value: string): string {
  const re = new RegExp(`(AttributeId="[^"]*:${attribute}"[^]*?<AttributeValue>)[^<]*(</AttributeValue>)`, 'i');
  if (!re.test(body)) throw new Error(`no ${attribute} in the body`);
  return body.replace(re, `$1${value}$2`);
}
