/** Configuration: one zod schema, loaded once by main.ts (docs/style.md §6). */
export { configSchema, type Config } from './config-schema.js';
export { loadConfig, ConfigError, type LoadConfigOptions } from './load-config.js';
export { listSettings, envNameForPath, type SettingDescriptor } from './schema-walk.js';
export { siteSchema, type SiteConfig } from './sites-config-schema.js';
export { smtpConfigSchema, type SmtpConfig } from './smtp-config-schema.js';
export { weekDays } from './budgets-config-schema.js';
export type { CdrSftpSourceConfig } from './cdr-config-schema.js';
export type { ClusterConfig } from './cluster-config-schema.js';
export { ldapConfigSchema, type LdapConfig } from './ldap-config-schema.js';
export {
  directorySyncConfigSchema,
  axlVersions,
  type DirectorySyncConfig,
  type AxlVersion,
} from './directory-sync-config-schema.js';
