import { z } from 'zod';
import { timeZoneSetting } from './time-zone.js';
import { languages } from '../i18n/index.js';

export const generalConfigSchema = z
  .object({
    timeZone: timeZoneSetting()
      .default('UTC')
      .describe('Time zone for periods, schedules and reports unless a site or report says otherwise.'),
    dataDir: z.string().default('./data').describe("Folder for Tollgate's own files (created as needed)."),
    defaultLanguage: z.enum(languages).default('en').describe('Language for users with none in the directory.'),
  })
  .prefault({});
