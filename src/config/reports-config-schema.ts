import { z } from 'zod';
import { optionalTimeZoneSetting } from './time-zone.js';

const privacySchema = z
  .object({
    maskDigits: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(3)
      .describe(
        'Trailing digits of external numbers replaced by * in reports, exports and SOAP answers; 0 ' +
          'shows numbers in full to everyone.',
      ),
    revealRoles: z
      .array(z.enum(['admin', 'supervisor', 'user']))
      .default(['admin'])
      .describe('Roles that see external numbers in full. The CLI runs as an administrator unless given --mask.'),
  })
  .prefault({});

export const reportsConfigSchema = z
  .object({
    timeZone: optionalTimeZoneSetting()
      .default('')
      .describe(
        'IANA time zone of report periods and trend buckets unless a report names its own; empty = general.timeZone.',
      ),
    maxRows: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(1_000_000)
      .describe(
        'Most calls one report or export returns, whatever the report asks; a report can set a ' +
          'lower maximum of its own.',
      ),
    defaultPageSize: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('Calls per page when a call list (SOAP, web) names no page size.'),
    maxPageSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(5000)
      .describe('Largest page of calls one SOAP or web request may ask for.'),
    exportChunkSize: z
      .number()
      .int()
      .min(100)
      .max(100_000)
      .default(2000)
      .describe(
        'Calls read from the database per step of a streamed export (smaller = shorter database ' +
          'holds, larger = fewer queries).',
      ),
    readerThreads: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(2)
      .describe(
        "Threads that answer report queries on a SQLite database, each on its own connection: a page's " +
          "queries (the Dashboard's widgets) run side by side, and one long report does not hold up the " +
          'others. More use more memory (about 30 MB each) and cores; PostgreSQL ignores it.',
      ),
    pdfFontFile: z
      .string()
      .default('')
      .describe(
        'TrueType font for all the text of PDF exports (e.g. /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf); ' +
          'empty = Helvetica for Western text, the bundled DejaVu Sans for the rest (Polish, Greek, Cyrillic, ' +
          'Arabic, read right to left).',
      ),
    privacy: privacySchema,
  })
  .prefault({});

export type ReportsConfig = z.infer<typeof reportsConfigSchema>;
