import { z } from 'zod';
import { alarmsConfigSchema } from './alarms-config-schema.js';
import { authConfigSchema } from './auth-config-schema.js';
import { budgetsConfigSchema } from './budgets-config-schema.js';
import { cdrConfigSchema } from './cdr-config-schema.js';
import { clusterConfigSchema } from './cluster-config-schema.js';
import { curriConfigSchema } from './curri-config-schema.js';
import { databaseConfigSchema } from './database-config-schema.js';
import { directorySyncConfigSchema } from './directory-sync-config-schema.js';
import { generalConfigSchema } from './general-config-schema.js';
import { httpConfigSchema } from './http-config-schema.js';
import { ldapConfigSchema } from './ldap-config-schema.js';
import { loggingConfigSchema } from './logging-config-schema.js';
import { phoneConfigSchema } from './phone-config-schema.js';
import { reportsConfigSchema } from './reports-config-schema.js';
import { retentionConfigSchema } from './retention-config-schema.js';
import { schedulerConfigSchema } from './scheduler-config-schema.js';
import { sitesConfigSchema } from './sites-config-schema.js';
import { smtpConfigSchema } from './smtp-config-schema.js';
import { tariffsConfigSchema } from './tariffs-config-schema.js';
import { webConfigSchema } from './web-config-schema.js';

/**
 * The whole configuration: one schema composed of one section per concern.
 * Every leaf has a default, so an empty file (or none) runs. Each setting can be
 * overridden by an environment variable named after its path (`applyEnvOverrides` in load-config.ts).
 */
export const configSchema = z
  .object({
    general: generalConfigSchema,
    http: httpConfigSchema,
    database: databaseConfigSchema,
    logging: loggingConfigSchema,
    auth: authConfigSchema,
    sites: sitesConfigSchema,
    tariffs: tariffsConfigSchema,
    phone: phoneConfigSchema,
    curri: curriConfigSchema,
    budgets: budgetsConfigSchema,
    smtp: smtpConfigSchema,
    reports: reportsConfigSchema,
    cdr: cdrConfigSchema,
    ldap: ldapConfigSchema,
    web: webConfigSchema,
    directorySync: directorySyncConfigSchema,
    cluster: clusterConfigSchema,
    scheduler: schedulerConfigSchema,
    alarms: alarmsConfigSchema,
    retention: retentionConfigSchema,
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
